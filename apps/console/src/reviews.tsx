/** Appeals (senior moderators), the verification queue and request page (verifiers), jobs pending review. */
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { api, currentSession, fetchRaw, query } from './api';
import { ErrorNote, Status, short, useLoad } from './common';
import { useI18n } from './i18n';
import type { AccessLogEntry, AppealView, JobItem, OrganizationReview, Page, VerificationQueueItem, VerificationReview } from './types';

function AppealCard({ appeal, onDecided }: { appeal: AppealView; onDecided: (m: string) => void }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const me = currentSession()?.account.id;
  const [outcome, setOutcome] = useState<'upheld' | 'overturned'>('upheld');
  const [statement, setStatement] = useState('');
  const [error, setError] = useState<unknown>();
  const own = appeal.sanctionDecidedBy === me;
  const base = `appeal-${appeal.id}`;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await api('POST', `/moderation/appeals/${appeal.id}/decision`, { outcome, statement });
      onDecided(t('appealDecided', { outcome: t(outcome) }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <li className="card" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>
        {t('sanction')}: {i.code(appeal.sanction.kind)} — {i.guideline(appeal.sanction.guideline)}
      </h2>
      <p>
        {t('filed')}: {i.date(appeal.filedAt)} — {t('status')}: {i.code(appeal.status)} — <a href={`#/cases/${appeal.caseId}`}>{t('viewCase')}</a>
      </p>
      <p>
        <strong>{t('statement')}:</strong> {appeal.sanction.statement}
      </p>
      <blockquote aria-label={t('appealText')}>{appeal.text}</blockquote>
      {appeal.status !== 'open' ? (
        <p>
          {t('outcome')}: {i.code(appeal.status)} — {appeal.statement}
        </p>
      ) : own ? (
        <p className="note">{t('ownDecision')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>{t('outcome')}</legend>
            {(['upheld', 'overturned'] as const).map((o) => (
              <div className="check" key={o}>
                <input type="radio" id={`${base}-${o}`} name={`${base}-outcome`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                <label htmlFor={`${base}-${o}`}>{t(o)}</label>
              </div>
            ))}
          </fieldset>
          <div className="field wide">
            <label htmlFor={`${base}-statement`}>{t('appealStatement')}</label>
            <textarea id={`${base}-statement`} rows={3} required maxLength={5000} value={statement} onChange={(e) => setStatement(e.target.value)} />
          </div>
          <ErrorNote error={error} />
          <button type="submit">{t('decideAppeal')}</button>
        </form>
      )}
    </li>
  );
}

export function Appeals(): ReactNode {
  const { t, code } = useI18n();
  const [status, setStatus] = useState('open');
  const [notice, setNotice] = useState<string>();
  const loaded = useLoad(() => api<Page<AppealView>>('GET', `/moderation/appeals${query({ status, limit: '50' })}`), [status]);
  return (
    <section aria-labelledby="appeals-title">
      <h1 id="appeals-title">{t('appealsTitle')}</h1>
      <div className="field">
        <label htmlFor="appeal-status">{t('status')}</label>
        <select id="appeal-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          {['open', 'upheld', 'overturned'].map((s) => (
            <option key={s} value={s}>
              {code(s)}
            </option>
          ))}
        </select>
      </div>
      {notice ? <Status>{notice}</Status> : null}
      <ErrorNote error={loaded.error} />
      {loaded.loading ? <p>{t('loading')}</p> : null}
      {loaded.data && loaded.data.items.length === 0 ? <p>{t('noAppeals')}</p> : null}
      <ul className="cards">
        {loaded.data?.items.map((a) => (
          <AppealCard
            key={a.id}
            appeal={a}
            onDecided={(m) => {
              setNotice(m);
              loaded.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

export function VerificationQueue(): ReactNode {
  const i = useI18n();
  const { t } = i;
  const loaded = useLoad(() => api<Page<VerificationQueueItem>>('GET', '/verification/queue?limit=100'), []);
  const me = currentSession()?.account.id;
  return (
    <section aria-labelledby="verification-title">
      <h1 id="verification-title">{t('verificationTitle')}</h1>
      <ErrorNote error={loaded.error} />
      {loaded.loading ? <p>{t('loading')}</p> : null}
      {loaded.data && loaded.data.items.length === 0 ? <p>{t('noRequests')}</p> : null}
      {loaded.data && loaded.data.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('submitted')}</th>
              <th scope="col">{t('assignee')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.items.map((r) => (
              <tr key={r.id} data-request={r.id}>
                <td>{i.code(r.kind)}</td>
                <td>{i.code(r.status)}</td>
                <td>{i.date(r.submittedAt)}</td>
                <td>{r.assignee === null ? t('nobody') : r.assignee === me ? t('me') : short(r.assignee)}</td>
                <td>
                  <a href={r.kind === 'identity' ? `#/verification/${r.id}` : `#/verification/organization/${r.id}`} aria-label={`${t('open')}: ${i.code(r.kind)} ${short(r.id)}`}>
                    {t('open')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Documents({ request, onViewed }: { request: { files?: { slot: string; url: string }[] }; onViewed: () => void }): ReactNode {
  const { t } = useI18n();
  const [shown, setShown] = useState<Record<string, { url: string; image: boolean }>>({});
  const [error, setError] = useState<unknown>();
  useEffect(() => () => Object.values(shown).forEach((u) => URL.revokeObjectURL(u.url)), [shown]);
  const show = async (slot: string, url: string): Promise<void> => {
    try {
      // The API logs this view; the image never leaves memory (a blob: URL, revoked on leaving).
      const res = await fetchRaw('GET', url.replace(/^\/api\/v1/, ''));
      if (!res.ok) throw new Error(`${res.status}`);
      const blob = await res.blob();
      setShown((old) => ({ ...old, [slot]: { url: URL.createObjectURL(blob), image: blob.type.startsWith('image/') } }));
      onViewed();
    } catch (e) {
      setError(e);
    }
  };
  if (!request.files || request.files.length === 0) return null;
  return (
    <div>
      <h2>{t('documents')}</h2>
      <p className="note">{t('documentsNote')}</p>
      <ErrorNote error={error} />
      <div className="documents">
        {request.files.map((f) => (
          <figure key={f.slot}>
            {shown[f.slot]?.image ? (
              <img src={shown[f.slot].url} alt={t('documentAlt', { slot: f.slot })} />
            ) : shown[f.slot] ? (
              <a href={shown[f.slot].url} download={f.slot}>
                {t('documentAlt', { slot: f.slot })}
              </a>
            ) : (
              <button type="button" onClick={() => void show(f.slot, f.url)}>
                {t('showDocument', { slot: f.slot })}
              </button>
            )}
            <figcaption>{f.slot}</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}

export function VerificationRequest({ id }: { id: string }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const me = currentSession()?.account.id;
  const [request, setRequest] = useState<VerificationReview>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [outcome, setOutcome] = useState<'approved' | 'rejected' | 'resubmit'>('approved');
  const [reason, setReason] = useState('');
  const log = useLoad(() => (request?.assignee === me ? api<AccessLogEntry[]>('GET', `/verification/requests/${id}/access-log`) : Promise.resolve([])), [id, request?.assignee]);

  useEffect(() => {
    api<VerificationReview>('GET', `/verification/requests/${id}`).then(setRequest, setError);
  }, [id]);

  const claim = async (): Promise<void> => {
    try {
      setRequest(await api<VerificationReview>('POST', `/verification/requests/${id}/claim`));
    } catch (e) {
      setError(e);
    }
  };
  const decide = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      const done = await api<{ id: string; status: string }>('POST', `/verification/requests/${id}/decision`, { outcome, reason });
      setNotice(t('requestDecided', { status: i.code(done.status) }));
      setRequest(await api<VerificationReview>('GET', `/verification/requests/${id}`));
    } catch (err) {
      setError(err);
    }
  };
  const held = request?.assignee === me && request?.status === 'in-review';

  return (
    <section aria-labelledby="request-title">
      <p>
        <a href="#/verification">{t('navVerification')}</a>
      </p>
      <h1 id="request-title">{t('requestTitle', { id: short(id) })}</h1>
      <ErrorNote error={error} />
      {notice ? <Status>{notice}</Status> : null}
      {!request ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t('status')}</dt>
              <dd data-testid="request-status">{i.code(request.status)}</dd>
            </div>
            <div>
              <dt>{t('documentType')}</dt>
              <dd>{request.documentType}</dd>
            </div>
            <div>
              <dt>{t('submitted')}</dt>
              <dd>{i.date(request.submittedAt)}</dd>
            </div>
            {request.legalName ? (
              <div>
                <dt>{t('legalName')}</dt>
                <dd>{request.legalName}</dd>
              </div>
            ) : null}
            {request.documentNumberLast4 ? (
              <div>
                <dt>{t('documentNumber')}</dt>
                <dd>{request.documentNumberLast4}</dd>
              </div>
            ) : null}
          </dl>
          {request.status === 'submitted' || (request.status === 'in-review' && request.assignee !== me) ? (
            <button type="button" onClick={() => void claim()}>
              {t('claimToReview')}
            </button>
          ) : null}
          {held ? <Documents request={request} onViewed={log.reload} /> : null}
          {held ? (
            <>
              <h2>{t('accessLog')}</h2>
              {log.data && log.data.length > 0 ? (
                <ul className="access-log">
                  {log.data.map((entry, n) => (
                    <li key={n}>
                      {i.date(entry.at)} — {entry.slot} — {entry.verifierId === me ? t('me') : short(entry.verifierId)}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t('noViews')}</p>
              )}
              <form onSubmit={(e) => void decide(e)} className="decision">
                <fieldset>
                  <legend>{t('outcome')}</legend>
                  {(['approved', 'rejected', 'resubmit'] as const).map((o) => (
                    <div className="check" key={o}>
                      <input type="radio" id={`outcome-${o}`} name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                      <label htmlFor={`outcome-${o}`}>{t(o)}</label>
                    </div>
                  ))}
                </fieldset>
                <div className="field wide">
                  <label htmlFor="reason">{t('reason')}</label>
                  <textarea id="reason" rows={3} maxLength={1000} required={outcome !== 'approved'} value={reason} onChange={(e) => setReason(e.target.value)} />
                </div>
                <button type="submit">{t('decideRequest')}</button>
              </form>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function JobCard({ job, onDone }: { job: JobItem; onDone: () => void }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const review = async (decision: 'approve' | 'reject'): Promise<void> => {
    try {
      await api('POST', `/moderation/jobs/${job.id}/review`, decision === 'reject' ? { decision, reason } : { decision });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li className="card" aria-labelledby={`job-${job.id}`}>
      <h2 id={`job-${job.id}`}>{job.title}</h2>
      <p>
        {job.organization ?? ''} {job.city ?? ''} {job.country ?? ''} — {i.date(job.createdAt)}
      </p>
      <p>{job.description ?? job.excerpt}</p>
      <div className="field wide">
        <label htmlFor={`reason-${job.id}`}>{t('rejectReason')}</label>
        <textarea id={`reason-${job.id}`} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorNote error={error} />
      <button type="button" onClick={() => void review('approve')}>
        {t('approve')}
      </button>
      <button type="button" className="danger" disabled={reason.trim() === ''} onClick={() => void review('reject')}>
        {t('reject')}
      </button>
    </li>
  );
}

export function Jobs(): ReactNode {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string>();
  const loaded = useLoad(() => api<Page<JobItem>>('GET', '/moderation/jobs?limit=50'), []);
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">{t('jobsTitle')}</h1>
      {notice ? <Status>{notice}</Status> : null}
      <ErrorNote error={loaded.error} />
      {loaded.loading ? <p>{t('loading')}</p> : null}
      {loaded.data && loaded.data.items.length === 0 ? <p>{t('noJobs')}</p> : null}
      <ul className="cards">
        {loaded.data?.items.map((j) => (
          <JobCard
            key={j.id}
            job={j}
            onDone={() => {
              setNotice(t('jobReviewed'));
              loaded.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

export function OrganizationRequest({ id }: { id: string }): ReactNode {
  const i = useI18n();
  const { t } = i;
  const me = currentSession()?.account.id;
  const [org, setOrg] = useState<OrganizationReview>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [outcome, setOutcome] = useState<'approved' | 'rejected'>('approved');
  const [reason, setReason] = useState('');

  useEffect(() => {
    api<OrganizationReview>('GET', `/organizations/${id}`).then(setOrg, setError);
  }, [id]);
  const claim = async (): Promise<void> => {
    try {
      setOrg(await api<OrganizationReview>('POST', `/verification/organizations/${id}/claim`));
    } catch (e) {
      setError(e);
    }
  };
  const decide = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      const done = await api<{ id: string; status: string }>('POST', `/verification/organizations/${id}/decision`, { outcome, reason });
      setNotice(t('requestDecided', { status: i.code(done.status) }));
      setOrg(await api<OrganizationReview>('GET', `/organizations/${id}`));
    } catch (err) {
      setError(err);
    }
  };
  const held = org?.assignee === me && org?.status === 'in-review';
  return (
    <section aria-labelledby="org-title">
      <p>
        <a href="#/verification">{t('navVerification')}</a>
      </p>
      <h1 id="org-title">{org ? org.name : t('requestTitle', { id: short(id) })}</h1>
      <ErrorNote error={error} />
      {notice ? <Status>{notice}</Status> : null}
      {!org ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t('status')}</dt>
              <dd data-testid="request-status">{i.code(org.status)}</dd>
            </div>
            <div>
              <dt>{t('country')}</dt>
              <dd>{org.country}</dd>
            </div>
            <div>
              <dt>{t('website')}</dt>
              <dd>{org.website}</dd>
            </div>
            <div>
              <dt>{t('emailDomain')}</dt>
              <dd>
                {org.emailDomain} {org.emailConfirmedAt ? `(${t('emailConfirmed')})` : ''}
              </dd>
            </div>
            {org.registrationNumber ? (
              <div>
                <dt>{t('registrationNumber')}</dt>
                <dd>{org.registrationNumber}</dd>
              </div>
            ) : null}
          </dl>
          {org.status === 'submitted' || (org.status === 'in-review' && org.assignee !== me) ? (
            <button type="button" onClick={() => void claim()}>
              {t('claimToReview')}
            </button>
          ) : null}
          {held ? <Documents request={org} onViewed={() => undefined} /> : null}
          {held ? (
            <form onSubmit={(e) => void decide(e)} className="decision">
              <fieldset>
                <legend>{t('outcome')}</legend>
                {(['approved', 'rejected'] as const).map((o) => (
                  <div className="check" key={o}>
                    <input type="radio" id={`org-outcome-${o}`} name="org-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                    <label htmlFor={`org-outcome-${o}`}>{t(o)}</label>
                  </div>
                ))}
              </fieldset>
              <div className="field wide">
                <label htmlFor="org-reason">{t('reason')}</label>
                <textarea id="org-reason" rows={3} maxLength={1000} required={outcome !== 'approved'} value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <button type="submit">{t('decideRequest')}</button>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
