/** The moderation queue and the case page. */
import { useEffect, useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { api, currentSession, query } from './api';
import { ErrorNote, Status, short, useLoad } from './common';
import { useI18n } from './i18n';
import { CASE_STATUSES, COUNTRIES, DECISION_ACTIONS, GUIDELINES, SUBJECT_TYPES } from './types';
import type { CaseSummary, CaseView, DecisionAction, Guideline, MemberHistory, Page } from './types';

interface Filters {
  status: string;
  guideline: string;
  subjectType: string;
  country: string;
  mine: boolean;
}

const byPriority = (a: CaseSummary, b: CaseSummary): number => Number(b.safetyLane) - Number(a.safetyLane) || b.priority - a.priority || a.openedAt.localeCompare(b.openedAt);

function Select({ label, value, onChange, options, render }: { label: string; value: string; onChange: (v: string) => void; options: readonly string[]; render?: (v: string) => string }): ReactNode {
  const id = useId();
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {render ? render(o) : o}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Queue(): ReactNode {
  const i = useI18n();
  const { t } = i;
  const me = currentSession()?.account.id;
  const [draft, setDraft] = useState<Filters>({ status: 'open', guideline: '', subjectType: '', country: '', mine: false });
  const [filters, setFilters] = useState(draft);
  const [items, setItems] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  const params = (f: Filters, after?: string): string =>
    query({ status: f.status || undefined, guideline: f.guideline || undefined, subjectType: f.subjectType || undefined, country: f.country || undefined, assignee: f.mine ? 'me' : undefined, limit: '50', cursor: after });

  useEffect(() => {
    let live = true;
    setLoading(true);
    api<Page<CaseSummary>>('GET', `/moderation/cases${params(filters)}`)
      .then((page) => live && (setItems(page.items), setCursor(page.nextCursor), setError(undefined)))
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [filters, tick]);

  const more = async (): Promise<void> => {
    if (!cursor) return;
    try {
      const page = await api<Page<CaseSummary>>('GET', `/moderation/cases${params(filters, cursor)}`);
      setItems((old) => [...old, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    }
  };
  const act = async (id: string, what: 'claim' | 'release'): Promise<void> => {
    try {
      await api('POST', `/moderation/cases/${id}/${what}`);
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setFilters(draft);
  };
  const sorted = [...items].sort(byPriority);
  const safety = sorted.filter((c) => c.safetyLane).length;

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('navQueue')}</h1>
      <form className="filters" onSubmit={submit} aria-label={t('filters')}>
        <Select label={t('status')} value={draft.status} onChange={(v) => setDraft({ ...draft, status: v })} options={CASE_STATUSES} render={i.code} />
        <Select label={t('guideline')} value={draft.guideline} onChange={(v) => setDraft({ ...draft, guideline: v })} options={GUIDELINES} render={i.guideline} />
        <Select label={t('subjectType')} value={draft.subjectType} onChange={(v) => setDraft({ ...draft, subjectType: v })} options={SUBJECT_TYPES} render={i.code} />
        <Select label={t('country')} value={draft.country} onChange={(v) => setDraft({ ...draft, country: v })} options={COUNTRIES} />
        <div className="field check">
          <input id="mine" type="checkbox" checked={draft.mine} onChange={(e) => setDraft({ ...draft, mine: e.target.checked })} />
          <label htmlFor="mine">{t('assignedToMe')}</label>
        </div>
        <button type="submit">{t('apply')}</button>
      </form>
      <ErrorNote error={error} />
      {loading ? <p>{t('loading')}</p> : <p className="count">{t('casesCount', { n: sorted.length, safety })}</p>}
      {!loading && sorted.length === 0 ? <p>{t('noCases')}</p> : null}
      {sorted.length > 0 ? (
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('priority')}</th>
              <th scope="col">{t('subject')}</th>
              <th scope="col">{t('guideline')}</th>
              <th scope="col">{t('reports')}</th>
              <th scope="col">{t('country')}</th>
              <th scope="col">{t('opened')}</th>
              <th scope="col">{t('assignee')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr key={c.id} className={c.safetyLane ? 'safety' : undefined} data-case={c.id}>
                <td>
                  {c.priority}
                  {c.safetyLane ? <span className="badge danger">{t('safetyLane')}</span> : null}
                  {c.hidden ? <span className="badge">{t('hidden')}</span> : null}
                </td>
                <td>
                  {i.code(c.subject.type)} {short(c.subject.id)}
                </td>
                <td>{c.guidelines.map(i.guideline).join(', ')}</td>
                <td>{c.reportCount}</td>
                <td>{c.authorCountry ?? t('unknown')}</td>
                <td>{i.date(c.openedAt)}</td>
                <td>{c.assignee === null ? t('nobody') : c.assignee === me ? t('me') : short(c.assignee)}</td>
                <td className="row-actions">
                  <a href={`#/cases/${c.id}`} aria-label={`${t('open')}: ${c.subject.type} ${short(c.subject.id)}`}>
                    {t('open')}
                  </a>
                  {c.status === 'open' && c.assignee !== me ? (
                    <button type="button" onClick={() => void act(c.id, 'claim')} aria-label={`${t('claim')}: ${c.subject.type} ${short(c.subject.id)}`}>
                      {t('claim')}
                    </button>
                  ) : null}
                  {c.status === 'open' && c.assignee === me ? (
                    <button type="button" onClick={() => void act(c.id, 'release')} aria-label={`${t('release')}: ${c.subject.type} ${short(c.subject.id)}`}>
                      {t('release')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {cursor ? (
        <button type="button" onClick={() => void more()}>
          {t('loadMore')}
        </button>
      ) : null}
    </section>
  );
}

function Snapshot({ snapshot }: { snapshot: Record<string, unknown> }): ReactNode {
  const title = typeof snapshot.title === 'string' ? snapshot.title : typeof snapshot.displayName === 'string' ? snapshot.displayName : undefined;
  const text = ['body', 'description', 'text', 'abstract', 'bio', 'excerpt'].map((k) => snapshot[k]).find((v): v is string => typeof v === 'string');
  // Type-specific facts (`extra`: a job's contact, the messages around a reported message…) read as lines of their own.
  const extra = typeof snapshot.extra === 'object' && snapshot.extra !== null ? Object.entries(snapshot.extra as Record<string, unknown>) : [];
  const rest = [
    ...Object.entries(snapshot).filter(([k, v]) => !['title', 'displayName', 'body', 'description', 'text', 'abstract', 'bio', 'excerpt', 'extra'].includes(k) && v !== null && v !== undefined),
    ...extra.filter(([, v]) => v !== null && v !== undefined),
  ];
  return (
    <article className="snapshot">
      {title ? <h3>{title}</h3> : null}
      {text ? <p className="snapshot-text">{text}</p> : null}
      {rest.length > 0 ? (
        <dl>
          {rest.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </article>
  );
}

function EarlierCases({ authorId, caseId }: { authorId: string; caseId: string }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const loaded = useLoad(() => api<MemberHistory>('GET', `/moderation/members/${authorId}/history`), [authorId]);
  const earlier = loaded.data?.cases.filter((c) => c.id !== caseId) ?? [];
  return (
    <>
      <h3>{t('earlierCases')}</h3>
      <ErrorNote error={loaded.error} />
      {loaded.data ? (
        <>
          {earlier.length === 0 ? (
            <p>{t('noEarlierCases')}</p>
          ) : (
            <ul className="earlier-cases">
              {earlier.map((c) => (
                <li key={c.id}>
                  <a href={`#/cases/${c.id}`}>
                    {c.subject.type} {short(c.subject.id)}
                  </a>{' '}
                  — {c.guidelines.map(i.guideline).join(', ')} — {i.code(c.status)}
                  {c.decision ? ` (${i.action(c.decision)})` : ''} — {i.date(c.openedAt)}
                </li>
              ))}
            </ul>
          )}
          <p>{t('asReporter', { upheld: loaded.data.asReporter.upheld, dismissed: loaded.data.asReporter.dismissed })}</p>
        </>
      ) : null}
    </>
  );
}

function DecisionForm({ view, onDone }: { view: CaseView; onDone: (message: string) => void }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const suggestion = view.author?.suggestion;
  const [action, setAction] = useState<DecisionAction>(suggestion?.action ?? 'warn');
  const [guideline, setGuideline] = useState<Guideline>(view.guidelines[0] ?? 'respect');
  const [statement, setStatement] = useState(i.template(view.guidelines[0] ?? 'respect'));
  const [days, setDays] = useState(suggestion?.durationDays ?? 7);
  const [removeContent, setRemoveContent] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const changeGuideline = (g: Guideline): void => {
    // The template follows the guideline until the moderator has written her own words.
    if (statement.trim() === '' || statement === i.template(guideline)) setStatement(i.template(g));
    setGuideline(g);
  };
  const send = async (): Promise<void> => {
    setBusy(true);
    try {
      const body: Record<string, unknown> = { action, guideline, statement };
      if (action === 'suspend') body.durationDays = days;
      if (['warn', 'suspend', 'expel'].includes(action)) body.removeContent = removeContent;
      await api('POST', `/moderation/cases/${view.id}/decisions`, body);
      setConfirming(false);
      onDone(t('decided'));
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (action === 'suspend' || action === 'expel') setConfirming(true);
    else void send();
  };

  return (
    <form onSubmit={submit} className="decision" aria-labelledby="decide-title">
      <h2 id="decide-title">{t('decide')}</h2>
      <div className="field">
        <label htmlFor="action">{t('action')}</label>
        <select id="action" value={action} onChange={(e) => setAction(e.target.value as DecisionAction)}>
          {DECISION_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {i.action(a)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="guideline">{t('guideline')}</label>
        <select id="guideline" value={guideline} onChange={(e) => changeGuideline(e.target.value as Guideline)}>
          {GUIDELINES.map((g) => (
            <option key={g} value={g}>
              {i.guideline(g)}
            </option>
          ))}
        </select>
      </div>
      {action === 'suspend' ? (
        <div className="field">
          <label htmlFor="days">{t('duration')}</label>
          <input id="days" type="number" min={1} max={365} required value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </div>
      ) : null}
      {['warn', 'suspend', 'expel'].includes(action) ? (
        <div className="field check">
          <input id="remove" type="checkbox" checked={removeContent} onChange={(e) => setRemoveContent(e.target.checked)} />
          <label htmlFor="remove">{t('removeContent')}</label>
        </div>
      ) : null}
      <div className="field wide">
        <label htmlFor="statement">{t('statement')}</label>
        <textarea id="statement" rows={5} required maxLength={5000} value={statement} onChange={(e) => setStatement(e.target.value)} />
      </div>
      <ErrorNote error={error} />
      {confirming ? (
        <div role="alertdialog" aria-modal="false" aria-labelledby="confirm-title" aria-describedby="confirm-text" className="confirm">
          <h3 id="confirm-title">{t('confirmTitle')}</h3>
          <p id="confirm-text">{action === 'expel' ? t('confirmExpel', { guideline: i.guideline(guideline) }) : t('confirmSuspend', { days, guideline: i.guideline(guideline) })}</p>
          <button type="button" className="danger" autoFocus disabled={busy} onClick={() => void send()}>
            {t('confirm')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <button type="submit" disabled={busy}>
          {t('submitDecision')}
        </button>
      )}
    </form>
  );
}

export function CasePage({ id }: { id: string }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const me = currentSession()?.account.id;
  const loaded = useLoad(() => api<CaseView>('GET', `/moderation/cases/${id}`), [id]);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const view = loaded.data;

  const act = async (what: 'claim' | 'release'): Promise<void> => {
    try {
      await api('POST', `/moderation/cases/${id}/${what}`);
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="case-title">
      <p>
        <a href="#/cases">{t('back')}</a>
      </p>
      <h1 id="case-title">{t('caseTitle', { id: short(id) })}</h1>
      <ErrorNote error={loaded.error ?? error} />
      {notice ? <Status>{notice}</Status> : null}
      {!view ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <p className="meta">
            {view.safetyLane ? <span className="badge danger">{t('safetyLane')}</span> : null}
            {view.hidden ? <span className="badge">{t('hidden')}</span> : null}
            <span>
              {t('status')}: <strong data-testid="case-status">{i.code(view.status)}</strong>
            </span>
            <span>
              {t('subject')}: {i.code(view.subject.type)} {short(view.subject.id)}
            </span>
            <span>
              {t('priority')}: {view.priority}
            </span>
            <span>
              {t('assignee')}: {view.assignee === null ? t('nobody') : view.assignee === me ? t('me') : short(view.assignee)}
            </span>
            {view.status === 'open' && view.assignee !== me ? (
              <button type="button" onClick={() => void act('claim')}>
                {t('claim')}
              </button>
            ) : null}
            {view.status === 'open' && view.assignee === me ? (
              <button type="button" onClick={() => void act('release')}>
                {t('release')}
              </button>
            ) : null}
          </p>
          <div className="columns">
            <div>
              <h2>{t('snapshot')}</h2>
              <Snapshot snapshot={view.snapshot} />
              <h2>{t('reports')}</h2>
              <ul className="reports">
                {view.reports.map((r) => (
                  <li key={r.id}>
                    <strong>
                      {t('reporter')}: {r.reporter}
                    </strong>{' '}
                    — {i.guideline(r.guideline)} — {t('weight')} {r.weight}
                    {r.muted ? ` (${t('muted')})` : ''} — {i.date(r.filedAt)}
                    {r.details ? <p>{r.details}</p> : null}
                    {r.snapshot && JSON.stringify(r.snapshot) !== JSON.stringify(view.snapshot) ? (
                      <details>
                        <summary>{t('reportSnapshot')}</summary>
                        <Snapshot snapshot={r.snapshot} />
                      </details>
                    ) : null}
                    {r.signals.length > 0 ? (
                      <ul aria-label={t('signals')}>
                        {r.signals.map((s, n) => (
                          <li key={n}>
                            {s.detector}: {s.code} — {s.detail}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
              <h2>{t('history')}</h2>
              <ol className="history">
                {view.history.map((h, n) => (
                  <li key={n}>
                    {i.date(h.at)} — <strong>{i.code(h.kind)}</strong>
                    {h.actor ? ` — ${h.actor === me ? t('me') : h.actor.length > 20 ? short(h.actor) : h.actor}` : ''}
                  </li>
                ))}
              </ol>
            </div>
            <div>
              <h2>{t('author')}</h2>
              {view.author ? (
                <div className="author">
                  <p>{t('strikes', { n: view.author.activeStrikes, days: view.author.strikeDecayDays })}</p>
                  <p className="suggestion">
                    <strong>{t('suggestion')}:</strong> {i.action(view.author.suggestion.action)}
                    {view.author.suggestion.durationDays ? `, ${t('days', { n: view.author.suggestion.durationDays })}` : ''} — {view.author.suggestion.reason}
                  </p>
                  <h3>{t('earlierSanctions')}</h3>
                  {view.author.sanctions.length === 0 ? (
                    <p>{t('noSanctions')}</p>
                  ) : (
                    <ul>
                      {view.author.sanctions.map((s) => (
                        <li key={s.id}>
                          {i.code(s.kind)} — {i.guideline(s.guideline)} — {i.date(s.startsAt)}
                          {s.liftReason ? ` (${s.liftReason})` : ''}: {s.statement}
                        </li>
                      ))}
                    </ul>
                  )}
                  {view.authorId ? <EarlierCases authorId={view.authorId} caseId={view.id} /> : null}
                </div>
              ) : (
                <p>{t('noAuthor')}</p>
              )}
              {view.status === 'open' ? (
                <DecisionForm
                  view={view}
                  onDone={(m) => {
                    setNotice(m);
                    loaded.reload();
                  }}
                />
              ) : (
                <Status>{t('caseClosed', { status: i.code(view.status) })}</Status>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

