import type { ComponentChildren } from 'preact';
import type { PolicyChange } from '../../models/policy';
import { ROLE_TEXT, durationText, longDateTime } from '../dutch';
import { Summary, Table } from '../layout';
import { DURATIONS, LABELS } from './fields';
import { thresholdText } from './values';

// A policy as its reviewers read it, and its history as everyone who sees it reads it.

/** A policy's value as people read it, in the form and in the history. */
function valueText(field: string, value: unknown): string {
  if (value === undefined || value === null) return 'niet ingesteld';
  if ((DURATIONS as readonly string[]).includes(field) && typeof value === 'string') return durationText(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return thresholdText(value);
  if ((field === 'requiredDocuments' || field === 'visitChecklist') && Array.isArray(value))
    return value.length ? value.join(', ') : 'geen';
  if (field === 'improvementTemplates' && Array.isArray(value))
    return value.length === 0 ? 'geen' : value.length === 1 ? '1 verbeteractie' : `${value.length} verbeteracties`;
  if (field === 'selfAssessment' && Array.isArray(value)) {
    return value.length === 0 ? 'geen vragen' : value.length === 1 ? '1 vraag' : `${value.length} vragen`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Which questions a change added, removed or reworded (by their key): a list's counts alone say too little. */
function questionChanges(before: unknown, after: unknown): string {
  const list = (value: unknown) =>
    new Map(
      (Array.isArray(value) ? (value as Array<{ id?: unknown; question?: unknown }>) : []).map((q) => [
        String(q?.id ?? ''),
        String(q?.question ?? ''),
      ]),
    );
  const [old, now] = [list(before), list(after)];
  const added = [...now].filter(([id]) => !old.has(id)).map(([, q]) => `“${q}”`);
  const removed = [...old].filter(([id]) => !now.has(id)).map(([, q]) => `“${q}”`);
  const reworded = [...now].filter(([id, q]) => old.has(id) && old.get(id) !== q).map(([, q]) => `“${q}”`);
  const parts = [
    added.length ? `toegevoegd: ${added.join(', ')}` : '',
    removed.length ? `verwijderd: ${removed.join(', ')}` : '',
    reworded.length ? `anders verwoord: ${reworded.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

export function PolicySummary(props: { policy: Record<string, unknown> }) {
  const p = props.policy;
  const questions = Array.isArray(p.selfAssessment) ? (p.selfAssessment as Array<{ question?: string }>) : [];
  const documents = Array.isArray(p.requiredDocuments) ? (p.requiredDocuments as string[]) : [];
  const rows: Array<[string, ComponentChildren]> = DURATIONS.map((path) => [LABELS[path]!, valueText(path, p[path])]);
  rows.push([
    LABELS.requiredDocuments!,
    documents.length ? (
      <ul>
        {documents.map((kind) => (
          <li key={kind}>{kind}</li>
        ))}
      </ul>
    ) : (
      'Geen'
    ),
  ]);
  rows.push([
    LABELS.capacityIncreaseWithoutReview!,
    `Een erkende werkplek neemt er zelf tot ${valueText('capacityIncreaseWithoutReview', p.capacityIncreaseWithoutReview)} plaatsen bij; meer, of een nieuw adres, beoordeelt het partnerschap eerst`,
  ]);
  rows.push([
    LABELS.mentorChangeCheck!,
    p.mentorChangeCheck === false ? 'Nee' : 'Ja, een nieuwe mentor opent een lichte kwaliteitscontrole',
  ]);
  rows.push([
    LABELS.learnerFeedbackThreshold!,
    `Een werkplek waar leerlingen gemiddeld lager dan ${valueText('learnerFeedbackThreshold', p.learnerFeedbackThreshold)} op 4 antwoorden, krijgt een kwaliteitscontrole`,
  ]);
  rows.push([
    LABELS.selfAssessment!,
    questions.length ? (
      <ol>
        {questions.map((q, index) => (
          <li key={index}>{q.question}</li>
        ))}
      </ol>
    ) : (
      'Geen vragen'
    ),
  ]);
  const list = (items: string[], none: string) =>
    items.length ? (
      <ul>
        {items.map((item, index) => (
          <li key={index}>{item}</li>
        ))}
      </ul>
    ) : (
      none
    );
  const templates = Array.isArray(p.improvementTemplates)
    ? (p.improvementTemplates as Array<{ description?: string; dueAfter?: string }>)
    : [];
  rows.push([LABELS.visitChecklist!, list(Array.isArray(p.visitChecklist) ? (p.visitChecklist as string[]) : [], 'Geen punten')]);
  rows.push([
    LABELS.improvementTemplates!,
    list(
      templates.map((t) => `${t.description ?? ''} (uiterlijk na ${durationText(t.dueAfter ?? '')})`),
      'Geen',
    ),
  ]);
  return <Summary rows={rows} />;
}

export function History(props: { changes: PolicyChange[]; older?: string }) {
  return (
    <section aria-labelledby="geschiedenis">
      <h2 id="geschiedenis">Geschiedenis</h2>
      {props.changes.length === 0 ? (
        <p>Dit beleid is nog niet gewijzigd.</p>
      ) : (
        <Table caption="Wijzigingen van het beleid, de nieuwste eerst" columns={['Wanneer', 'Door', 'Wat veranderde']}>
          {props.changes.map((change) => (
            <tr key={change.id}>
              <td>
                <time datetime={change.at}>{longDateTime(change.at)}</time>
              </td>
              <td class="break">
                {change.by.sub} ({ROLE_TEXT[change.by.role] ?? change.by.role})
              </td>
              <td>
                <ul class="changes">
                  {change.changed.map((field) => (
                    <li key={field}>
                      {LABELS[field] ?? field}: {valueText(field, change.before?.[field])} →{' '}
                      {valueText(field, (change.after as Record<string, unknown>)[field])}
                      {field === 'selfAssessment' ? questionChanges(change.before?.[field], change.after.selfAssessment) : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {props.older ? (
        <p class="pagination">
          <a href={props.older}>Oudere wijzigingen</a>
        </p>
      ) : null}
    </section>
  );
}
