// Lookups in the app's constant tables by a key that came from outside (a
// Vapi message, a form, a stored value): only the table's own entries count,
// never what every object inherits ("constructor", "toString", "__proto__"),
// which would otherwise be found and used as a handler, a label or a rank.
export function ownEntry<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
