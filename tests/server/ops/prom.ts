/**
 * A strict reader of the Prometheus text format (0.0.4), for the tests of
 * `/metrics`: every line is a comment (`# HELP`, `# TYPE`) or a sample
 * `name{label="value",…} number`; anything else fails the test.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Metric family → type, from `# TYPE`. */
  types: Map<string, string>;
  help: Map<string, string>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// Values as Prometheus reads them (Go's ParseFloat: NaN and Inf in any case; prom-client writes `Nan`).
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|[Nn][Aa][Nn]|[+-]?Inf))(?: -?[0-9]+)?$`,
);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);

/** Parse `text`, throwing on the first line that is not valid exposition. */
export function parseExposition(text: string): Exposition {
  const out: Exposition = { samples: [], types: new Map(), help: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = TYPE.exec(line);
    if (m) {
      if (out.types.has(m[1])) throw new Error(`TYPE twice for ${m[1]}`);
      out.types.set(m[1], m[2]);
      continue;
    }
    m = HELP.exec(line);
    if (m) {
      out.help.set(m[1], m[2]);
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unexpected comment: ${line}`);
    m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]] = l[2];
    out.samples.push({
      name: m[1],
      labels,
      value: Number(m[3].replace(/^\+?Inf$/, 'Infinity').replace(/^nan$/i, 'NaN')),
    });
  }
  return out;
}

/** The family a sample belongs to (a histogram's `_bucket`, `_sum`, `_count` belong to it). */
export function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return types.get(base) === 'histogram' || types.get(base) === 'summary' ? base : undefined;
}

/** The value of the sample `name` with exactly `labels` (or none), or undefined. */
export function sampleValue(
  e: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  return e.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)
    ?.value;
}
