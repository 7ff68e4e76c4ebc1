import { Chip, Stack, Tooltip } from '@mui/material';
import type { SlaClock } from '../../core/sla/sla-engine';
import { describePromise } from '../../core/sla/promise';

const COLOR = { ok: 'default', at_risk: 'warning', breached: 'error' } as const;
const NAME = { first_response: 'Response', resolution: 'Resolution' } as const;

/** Business time as hours and minutes ("3h 20m", "202h 10m"): a "day" would be ambiguous between 24 and 8 hours. */
export function formatBusinessMinutes(minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

function label(clock: SlaClock, timeZone: string): string {
  const name = NAME[clock.metric];
  if (clock.phase === 'stopped') return clock.state === 'breached' ? `${name}: met late` : `${name}: met`;
  const paused = clock.segments.at(-1);
  if (clock.phase === 'paused') return `${name} paused (${paused?.reason ?? 'paused'}) · ${formatBusinessMinutes(clock.remainingMinutes)} left`;
  if (clock.state === 'breached') return `${name} overdue by ${formatBusinessMinutes(clock.remainingMinutes)}`;
  return `${name} ${clock.dueAt ? describePromise(clock.dueAt, timeZone, new Date()) : ''} · ${formatBusinessMinutes(clock.remainingMinutes)} left`;
}

/** The two SLA clocks of a ticket, coloured by state; the tooltip says why the clock ran or paused last. */
export function SlaChips({ clocks, timeZone }: { clocks: readonly SlaClock[]; timeZone: string }) {
  return (
    <Stack direction="row" spacing={1} data-testid="sla-chips">
      {clocks.map((clock) => (
        <Tooltip key={clock.metric} title={`${Math.round(clock.percentUsed)} % of ${formatBusinessMinutes(clock.targetMinutes)} used · ${clock.segments.at(-1)?.reason ?? ''}`}>
          <Chip color={COLOR[clock.state]} variant={clock.phase === 'running' ? 'filled' : 'outlined'} label={label(clock, timeZone)} data-testid={`sla-${clock.metric}`} />
        </Tooltip>
      ))}
    </Stack>
  );
}
