import type { PolicyChange } from '../../models/policy';
import type { Principal } from '../../platform/auth';
import type { FormErrors, FormValues } from '../forms';
import { Button, Notice, Page, Select } from '../layout';
import { paths } from '../paths';
import type { Partnership } from './fields';
import { PolicyForm, labelsFor } from './form';
import { History, PolicySummary } from './read';

// The policy page: the form for whoever may change it, the policy to read for the others, and
// its history below.

export function PolicyPage(props: {
  principal: Principal;
  csrf?: string;
  notice?: string;
  partnership: Partnership;
  all: Partnership[];
  changes: PolicyChange[];
  older?: string;
  editable: boolean;
  values: FormValues;
  errors?: FormErrors;
}) {
  const { principal, partnership, values, errors } = props;
  return (
    <Page
      title={`Beleid van ${partnership.name}`}
      principal={principal}
      csrf={props.csrf}
      errors={errors}
      labels={labelsFor(values)}
    >
      <Notice text={props.notice} />
      <span class="caption">{partnership.name}</span>
      <h1>Beleid</h1>
      {principal.role === 'admin' ? (
        <form method="get" action={paths.policy}>
          <Select
            name="partnershipId"
            label="Sectoraal partnerschap"
            options={props.all.map((p) => ({ value: p.id, text: p.name }))}
            values={{ partnershipId: partnership.id }}
          />
          <Button kind="secondary">Tonen</Button>
        </form>
      ) : null}
      {props.editable ? (
        <>
          <p class="lead">
            Hoe het partnerschap zijn dossiers behandelt. Een wijziging geldt voor nieuwe aanvragen en voor lopende dossiers vanaf
            hun volgende stap.
          </p>
          <PolicyForm partnership={partnership} values={values} errors={errors} csrf={props.csrf} />
        </>
      ) : (
        <>
          <p class="lead">
            Hoe het partnerschap zijn dossiers behandelt. Alleen de coördinator van het partnerschap kan het wijzigen.
          </p>
          <PolicySummary policy={partnership.policy} />
        </>
      )}
      <History changes={props.changes} older={props.older} />
    </Page>
  );
}
