/**
 * Human times for the tray: "12 min ago", "valid until 15:30", "2 d 4 h left". The time zone is
 * injectable so tests do not depend on the machine's zone; 24-hour clock as in the texts.
 */
export interface TimeContext {
  now: Date;
  /** IANA zone; the system zone when absent. */
  timeZone?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function parts(
  date: Date,
  timeZone: string | undefined,
): { day: string; weekday: string; dayMonth: string; clock: string } {
  const base = { timeZone, hourCycle: 'h23' } as const;
  const clock = new Intl.DateTimeFormat('en-GB', { ...base, hour: '2-digit', minute: '2-digit' }).format(date);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    date,
  );
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(date);
  const dayMonth = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(date);
  return { day, weekday, dayMonth, clock };
}

/** "15:30" today, "Tue 15:30" within a week, "7 Jan 15:30" otherwise. */
export function formatWhen(date: Date, ctx: TimeContext): string {
  const target = parts(date, ctx.timeZone);
  if (target.day === parts(ctx.now, ctx.timeZone).day) return target.clock;
  const distance = Math.abs(date.getTime() - ctx.now.getTime());
  return distance < 6 * DAY ? `${target.weekday} ${target.clock}` : `${target.dayMonth} ${target.clock}`;
}

export function formatClock(date: Date, ctx: TimeContext): string {
  return parts(date, ctx.timeZone).clock;
}

/** "just now", "12 min ago", "3 h ago", "2 d ago"; a time slightly ahead (clock skew) is "just now". */
export function formatAgo(date: Date, now: Date): string {
  const elapsed = now.getTime() - date.getTime();
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < 2 * DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  return `${Math.floor(elapsed / DAY)} d ago`;
}

/** "2 d 4 h left", "3 h 20 min left", "12 min left", "less than a minute left", "deadline passed". */
export function formatCountdown(deadline: Date, now: Date): string {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return 'deadline passed';
  if (left < MINUTE) return 'less than a minute left';
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  if (days > 0) return `${days} d ${hours} h left`;
  if (hours > 0) return `${hours} h ${minutes} min left`;
  return `${minutes} min left`;
}
