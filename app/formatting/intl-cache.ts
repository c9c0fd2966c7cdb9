// Building an Intl formatter costs far more than formatting with one (about
// 0.3 ms each, on every tool call that read a price or a date): one per
// currency or zone is kept, up to a bound (Intl also takes any casing of a
// zone's name), past which formatters are built each time.
const MAX_FORMATS = 1_000;

/** A cache of Intl formatters of one kind, keyed by what they were built for. */
export function intlCache<T>(): (key: string, build: () => T) => T | null {
  const formats = new Map<string, T>();
  /** The formatter for `key`, built once; null when Intl refuses the key (an unknown currency or zone). */
  return (key, build) => {
    let format = formats.get(key);
    if (format) return format;
    try {
      format = build();
    } catch {
      return null;
    }
    if (formats.size < MAX_FORMATS) formats.set(key, format);
    return format;
  };
}
