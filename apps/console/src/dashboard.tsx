/** The transparency statistics (`GET /moderation/stats`) as plain SVG charts, with a date range. */
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { api, query } from './api';
import { ErrorNote, useLoad } from './common';
import { useI18n } from './i18n';
import { GUIDELINES } from './types';
import type { ModerationStats } from './types';

/** Distinguishable on white and for common colour-vision deficiencies (Okabe–Ito). */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const day = (d: Date): string => d.toISOString().slice(0, 10);

function Bars({ title, rows }: { title: string; rows: { label: string; value: number; colour?: string }[] }): ReactNode {
  const { t } = useI18n();
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 26;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p>{t('chartNoData')}</p>
      ) : (
        <svg role="img" aria-label={`${title}: ${rows.map((r) => `${r.label} ${r.value}`).join(', ')}`} viewBox={`0 0 420 ${rows.length * rowHeight}`} width="100%">
          {rows.map((r, n) => (
            <g key={r.label} transform={`translate(0 ${n * rowHeight})`}>
              <text x="0" y="17" fontSize="14" fill="#1a1a1a">
                {r.label}
              </text>
              <rect x="170" y="4" height="18" width={(r.value / max) * 210} fill={r.colour ?? COLOURS[n % COLOURS.length]} />
              <text x={176 + (r.value / max) * 210} y="17" fontSize="12" fill="#1a1a1a">
                {r.value}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}

function PerDay({ stats }: { stats: ModerationStats }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const days: string[] = [];
  for (let d = new Date(`${stats.from}T00:00:00Z`); day(d) <= stats.to; d = new Date(d.getTime() + 86_400_000)) days.push(day(d));
  const totals = days.map((d) => stats.reportsPerDay.filter((r) => r.day === d).reduce((s, r) => s + r.count, 0));
  const max = Math.max(1, ...totals);
  const width = 640;
  const height = 180;
  const bar = width / Math.max(1, days.length);
  const used = GUIDELINES.filter((g) => stats.reportsPerDay.some((r) => r.guideline === g));
  const summary = stats.reportsPerDay.map((r) => `${r.day} ${i.guideline(r.guideline)} ${r.count}`).join(', ');
  return (
    <figure className="chart wide">
      <figcaption>{t('reportsPerDay')}</figcaption>
      {stats.reportsPerDay.length === 0 ? (
        <p>{t('chartNoData')}</p>
      ) : (
        <>
          <svg role="img" aria-label={`${t('reportsPerDay')}: ${summary}`} viewBox={`0 0 ${width} ${height + 20}`} width="100%">
            {days.map((d, n) => {
              let y = height;
              return (
                <g key={d}>
                  {used.map((g) => {
                    const count = stats.reportsPerDay.find((r) => r.day === d && r.guideline === g)?.count ?? 0;
                    const h = (count / max) * (height - 10);
                    y -= h;
                    return count > 0 ? (
                      <rect key={g} x={n * bar + 1} y={y} width={Math.max(1, bar - 2)} height={h} fill={COLOURS[GUIDELINES.indexOf(g) % COLOURS.length]}>
                        <title>{`${d} ${i.guideline(g)}: ${count}`}</title>
                      </rect>
                    ) : null;
                  })}
                </g>
              );
            })}
            <line x1="0" x2={width} y1={height} y2={height} stroke="#1a1a1a" />
            <text x="0" y={height + 16} fontSize="12" fill="#1a1a1a">
              {stats.from}
            </text>
            <text x={width} y={height + 16} fontSize="12" textAnchor="end" fill="#1a1a1a">
              {stats.to}
            </text>
          </svg>
          <ul className="legend">
            {used.map((g) => (
              <li key={g}>
                <span className="swatch" style={{ background: COLOURS[GUIDELINES.indexOf(g) % COLOURS.length] }} aria-hidden="true" />
                {i.guideline(g)}
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}

export function Dashboard(): ReactNode {
  const i = useI18n();
  const { t } = i;
  const today = new Date();
  const [draft, setDraft] = useState({ from: day(new Date(today.getTime() - 29 * 86_400_000)), to: day(today) });
  const [span, setSpan] = useState(draft);
  const loaded = useLoad(() => api<ModerationStats>('GET', `/moderation/stats${query(span)}`), [span.from, span.to]);
  const s = loaded.data;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setSpan(draft);
  };
  const hours = (h: number | null): string => (h === null ? t('none') : h.toFixed(1));
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">{t('dashboardTitle')}</h1>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="from">{t('from')}</label>
          <input id="from" type="date" required value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="to">{t('to')}</label>
          <input id="to" type="date" required value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit">{t('show')}</button>
      </form>
      <ErrorNote error={loaded.error} />
      {!s ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <dl className="figures">
            <div>
              <dt>{t('reportsReceived')}</dt>
              <dd data-testid="reports-received">{s.reportsReceived}</dd>
            </div>
            <div>
              <dt>{t('removals')}</dt>
              <dd>{s.removals}</dd>
            </div>
            <div>
              <dt>{t('medianFirstAction')}</dt>
              <dd>{hours(s.medianHoursToFirstAction)}</dd>
            </div>
            <div>
              <dt>{t('medianDecision')}</dt>
              <dd>{hours(s.medianHoursToDecision)}</dd>
            </div>
            <div>
              <dt>{t('overturnRate')}</dt>
              <dd>{s.appeals.overturnRate === null ? t('none') : `${Math.round(s.appeals.overturnRate * 100)}%`}</dd>
            </div>
          </dl>
          <div className="charts">
            <PerDay stats={s} />
            <Bars title={t('casesByGuideline')} rows={s.casesByGuideline.map((g) => ({ label: i.guideline(g.guideline), value: g.count, colour: COLOURS[GUIDELINES.indexOf(g.guideline) % COLOURS.length] }))} />
            <Bars title={t('actionsByKind')} rows={s.actionsByKind.map((a) => ({ label: i.action(a.action), value: a.count }))} />
            <Bars title={t('casesByCountry')} rows={s.casesByCountry.map((c) => ({ label: c.country ?? t('unknown'), value: c.count }))} />
            <Bars
              title={t('appealsFigures')}
              rows={[
                { label: t('appealsFiled'), value: s.appeals.filed },
                { label: t('appealsDecided'), value: s.appeals.decided },
                { label: t('appealsOverturned'), value: s.appeals.overturned },
              ]}
            />
          </div>
        </>
      )}
    </section>
  );
}
