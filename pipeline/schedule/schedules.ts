// The schedules: when each job runs on its own, read on the wall clock of SCHEDULE_TIMEZONE (America/Sao_Paulo),
// each one switched on or off in the configuration.
import type { Config, CronSetting } from "../config.ts";
import { nextFireTimes } from "./cron.ts";
import type { JobName } from "./jobs.ts";

export interface ScheduleSpec {
  name: string;
  job: JobName;
  cron: string;
  enabled: boolean;
  /** The environment variables that change it, for `jobs` and the errors. */
  setting: string;
}

export function configuredSchedules(config: Config): ScheduleSpec[] {
  const s = config.schedule;
  const spec = (name: string, job: JobName, setting: CronSetting, env: string): ScheduleSpec => ({ name, job, ...setting, setting: env });
  return [
    spec("daily_full_refresh", "daily_full_refresh", s.dailyFullRefresh, "SCHEDULE_DAILY_FULL_REFRESH_{CRON,ENABLED}"),
    spec("economic_update", "economic_update", s.economicUpdate, "SCHEDULE_ECONOMIC_UPDATE_{CRON,ENABLED}"),
    spec("hourly_quality_check", "quality_check", s.qualityCheck, "SCHEDULE_QUALITY_CHECK_{CRON,ENABLED}"),
  ];
}

/** The next fire time of a schedule after `from`, or null when it is switched off. */
export function nextFire(schedule: { cron: string; enabled?: boolean }, timezone: string, from: Date): Date | null {
  if (schedule.enabled === false) return null;
  return nextFireTimes(schedule.cron, timezone, from, 1)[0] ?? null;
}
