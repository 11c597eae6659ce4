import { freshApplicationExample, requestExamples } from '../api/examples';

// `npm run -s example -- application`: an application to post, for a workplace of its own each
// time and dated today. `npm run -s example -- "POST /api/v1/applications/{id}/decision"`: the
// example of any request body; without an argument, the list of them.

const [name] = process.argv.slice(2);
const examples = requestExamples();
if (name === 'application') {
  process.stdout.write(`${JSON.stringify(freshApplicationExample(), null, 2)}\n`);
} else if (name && name in examples) {
  process.stdout.write(`${JSON.stringify(examples[name], null, 2)}\n`);
} else {
  process.stderr.write(
    `usage: npm run -s example -- application | "<METHOD> <path>", one of:\n${Object.keys(examples)
      .map((key) => `  ${key}\n`)
      .join('')}`,
  );
  process.exit(name ? 2 : 0);
}
