import { parseArgs } from 'node:util';
import { type Principal, principalSchema, signToken } from '../platform/auth';
import { dataDirOf, developmentSecret } from './dev-auth';

// `npm run token -- --role reviewer --partnership bouw`: a bearer token for local use, signed
// with AUTH_JWT_SECRET or the development secret in DATA_DIR.

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    partnership: { type: 'string' },
    enterprise: { type: 'string' },
    school: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});

const claims = {
  sub: values.sub ?? `local-${values.role}`,
  role: values.role,
  ...(values.partnership ? { partnershipId: values.partnership } : {}),
  ...(values.enterprise ? { enterpriseNumber: values.enterprise.replace(/\D/g, '') } : {}),
  ...(values.school ? { schoolId: values.school } : {}),
};
const parsed = principalSchema.safeParse(claims);
if (!parsed.success) {
  process.stderr.write(
    'usage: npm run token -- --role company --enterprise 0403170701 | --role reviewer --partnership bouw | --role coordinator --partnership bouw | --role school --school s1 | --role admin [--sub name] [--expires 12h]\n',
  );
  process.stderr.write(`${parsed.error.issues.map((i) => `${i.path.join('.') || 'role'}: ${i.message}`).join('\n')}\n`);
  process.exit(2);
}
const principal: Principal = parsed.data;
void signToken(developmentSecret(dataDirOf()), principal, values.expires).then((token) => process.stdout.write(`${token}\n`));
