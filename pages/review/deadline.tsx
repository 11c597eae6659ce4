import type { ApplicationView } from '../../models/application-dossier';
import { daysLeft, daysLeftText, longDate } from '../dutch';

// Where a dossier stands in time, in the queue and on the dossier itself.

/** Days left to the decision deadline; past it, in the overdue style (also on the day it passed). */
export function DaysLeft(props: { application: ApplicationView; due: string }) {
  const days = daysLeft(props.due);
  const late = props.application.overdue || days < 0;
  return <span class={late ? 'overdue' : undefined}>{late && days === 0 ? 'vandaag verstreken' : daysLeftText(props.due)}</span>;
}

/** Where the dossier stands in time: the running decision deadline, or whose turn it is. */
export function Deadline(props: { application: ApplicationView }) {
  const a = props.application;
  if (a.status === 'in_review' && a.decisionDue) {
    return (
      <>
        <DaysLeft application={a} due={a.decisionDue} />
        <br />
        <span class="hint">uiterlijk {longDate(a.decisionDue)}</span>
      </>
    );
  }
  if (a.status === 'info_requested') {
    const open = a.infoRequests.find((r) => !r.answeredAt);
    return <>Wacht op de onderneming{open ? ` tot ${longDate(open.dueAt)}` : ''}</>;
  }
  if (a.status === 'submitted') return <>Automatische controle</>;
  return <>{a.decision ? `Beslist op ${longDate(a.decision.decidedAt)}` : '–'}</>;
}
