// Customer reviews: scores that fall when an order is late or never arrives, Portuguese titles and messages (some
// spanning lines, with commas and quotes), and the public data's quirks of shared and repeated reviews.
import type { CsvFile } from "./csv.ts";
import { SECONDS_PER_DAY } from "./calendar.ts";
import type { Ids } from "./ids.ts";
import { AliasTable, type Random } from "./random.ts";

/** Orders with no review, orders with a second review, and reviews whose review_id repeats the previous one's. */
export const ORDER_WITHOUT_REVIEW_RATE = 0.0077;
export const ORDER_WITH_SECOND_REVIEW_RATE = 0.0055;
export const SHARED_REVIEW_ID_RATE = 0.008;

/** Score weights (1..5) on time, late, and never delivered: overall ~58 % fives and ~11 % ones, as in Olist. */
const SCORES = {
  onTime: new AliasTable([5.5, 2.5, 8, 21, 63]),
  late: new AliasTable([48, 10, 12, 10, 20]),
  undelivered: new AliasTable([70, 8, 8, 4, 10]),
};
/** Chance of a title and of a message, by score: unhappy customers write more. */
const TITLE_RATE = [0, 0.2, 0.16, 0.13, 0.11, 0.1];
const MESSAGE_RATE = [0, 0.78, 0.7, 0.5, 0.35, 0.33];

const TITLES = {
  good: ["Recomendo", "Ótimo", "Super recomendo", "Excelente", "Muito bom", "Perfeito", "Adorei", "Nota 10"],
  fair: ["Bom", "Razoável", "Poderia ser melhor", "Ok", "Regular"],
  bad: ["Péssimo", "Não recebi", "Produto errado", "Decepcionado", "Não recomendo", "Atraso na entrega"],
};
const SENTENCES = {
  good: [
    "Produto chegou antes do prazo, muito bem embalado.",
    "Recomendo a loja, entrega rápida.",
    "Excelente produto, superou minhas expectativas!",
    "Tudo certo, produto de ótima qualidade.",
    "Chegou tudo direitinho, obrigado!",
    "Ótimo custo-benefício.",
    "Comprei para presentear e a pessoa adorou.",
    "Produto conforme o anúncio.",
    "Muito bom, igual à foto.",
    'Vendedor nota 10, "super" atencioso.',
    "Bom produto, porém a embalagem veio um pouco amassada.",
    "Já é a segunda vez que compro, sempre satisfeito.",
  ],
  fair: [
    "Produto ok, mas demorou um pouco para chegar.",
    "A qualidade poderia ser melhor.",
    "Esperava mais pelo preço.",
    "Veio com um pequeno defeito, mas dá para usar.",
    'O produto é bom, mas a cor é diferente da "foto".',
    "Entregaram só uma parte do pedido, o restante chegou depois.",
  ],
  bad: [
    "Ainda não recebi o produto.",
    "Produto não foi entregue e ninguém responde.",
    "Comprei dois e recebi apenas um.",
    "Veio quebrado, quero a devolução do dinheiro.",
    'Produto diferente do anunciado, veio "genérico".',
    "Péssimo atendimento, não recomendo.",
    "O prazo de entrega não foi cumprido.",
    "Não comprem nessa loja!!!",
    "Recebi o produto errado, aguardando a troca.",
    "Atrasou muito, mas chegou.",
  ],
};
/** Sentence separators: mostly a space, sometimes a line break inside the quoted field (CRLF as customers typed). */
const SEPARATORS = [" ", " ", " ", " ", " ", "\r\n", "\r\n", "\n"];

export interface ReviewedOrder {
  /** Index of the order in the order id family. */
  order: number;
  late: boolean;
  /** Delivery instant, NaN when the order never arrived. */
  delivered: number;
  /** Midnight of the promised day. */
  estimated: number;
}

/** Writes the reviews of one order, remembering the last review so a later order can share its review_id. */
export class ReviewWriter {
  private count = 0;
  private previous = -1;
  /** Bytes of the last review after its order_id (score to answer timestamp), for a shared review. */
  private readonly previousTail = Buffer.alloc(16_384);
  private previousTailLength = 0;

  constructor(
    private readonly rng: Random,
    private readonly reviewIds: Ids,
    private readonly orderIds: Ids,
    private readonly out: CsvFile,
  ) {}

  write(order: ReviewedOrder): void {
    const rng = this.rng;
    if (rng.chance(ORDER_WITHOUT_REVIEW_RATE)) return;
    if (this.previous >= 0 && rng.chance(SHARED_REVIEW_ID_RATE)) {
      // One survey answered for several orders bought together: same review, another order_id.
      this.out.id(this.reviewIds, this.previous).comma().id(this.orderIds, order.order).comma().bytes(this.previousTail, this.previousTailLength).end();
      return;
    }
    this.writeOne(order, 0);
    if (rng.chance(ORDER_WITH_SECOND_REVIEW_RATE)) this.writeOne(order, 1 + rng.int(20));
  }

  private writeOne(order: ReviewedOrder, daysLater: number): void {
    const rng = this.rng;
    const delivered = !Number.isNaN(order.delivered);
    const table = !delivered ? SCORES.undelivered : order.late ? SCORES.late : SCORES.onTime;
    const score = table.sample(rng) + 1;
    const mood = score >= 4 ? "good" : score === 3 ? "fair" : "bad";
    const title = rng.chance(TITLE_RATE[score]) ? rng.pick(TITLES[mood]) : "";
    let message = "";
    if (rng.chance(MESSAGE_RATE[score])) {
      message = rng.pick(SENTENCES[mood]);
      for (let more = Math.min(4, rng.geometric(0.6)); more > 0; more--) {
        message += rng.pick(SEPARATORS) + rng.pick(SENTENCES[mood]);
      }
    }
    // The survey goes out the day after delivery, or around the promised date when nothing arrived.
    const sent = delivered
      ? order.delivered + (rng.chance(0.7) ? SECONDS_PER_DAY : rng.int(3) * SECONDS_PER_DAY)
      : order.estimated + rng.int(4) * SECONDS_PER_DAY;
    const created = Math.floor(sent / SECONDS_PER_DAY + daysLater) * SECONDS_PER_DAY;
    const answered = created + Math.round(rng.exponential(2.5 * SECONDS_PER_DAY)) + rng.int(SECONDS_PER_DAY);
    const out = this.out;
    const review = this.count++;
    out.id(this.reviewIds, review).comma().id(this.orderIds, order.order).comma();
    const tail = out.mark();
    out.int(score).comma().field(title).comma().field(message).comma().midnight(created).comma().timestamp(answered);
    this.previousTailLength = out.copyFrom(tail, this.previousTail);
    this.previous = review;
    out.end();
  }
}
