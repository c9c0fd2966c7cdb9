// The answers of the store_info tool, from what StoreKnowledge holds. Pure:
// the knowledge and the instant come in, one line of instructions and facts
// for the assistant comes out. Every topic, known or not, gets an answer the
// assistant can act on (never an error): an unknown topic is matched against
// the FAQ, and otherwise the assistant hears what it can answer and is told
// to offer a message.
import { describeStatus, describeWeek } from "../opening-hours/describe";
import { hasAnyHours } from "../opening-hours/opening-hours";
import { sanitizeMerchantText } from "../receptionist/system-prompt";
import type { FaqEntry, PolicyType, StoreKnowledge } from "./store-knowledge";

export const STORE_INFO_TOPICS = ["returns", "shipping", "privacy", "terms", "contact", "hours", "faq"] as const;
export type StoreInfoTopic = (typeof STORE_INFO_TOPICS)[number];

/** How much of a policy the assistant reads from: enough for any question, short enough for a fast reply. */
export const MAX_ANSWER_POLICY_LENGTH = 2_500;

const POLICY_OF: Partial<Record<StoreInfoTopic, PolicyType>> = {
  returns: "REFUND_POLICY",
  shipping: "SHIPPING_POLICY",
  privacy: "PRIVACY_POLICY",
  terms: "TERMS_OF_SERVICE",
  contact: "CONTACT_INFORMATION",
};

/** Words callers and models use for each topic. */
const SYNONYMS: Array<[RegExp, StoreInfoTopic]> = [
  [/return|refund|exchange|money back/, "returns"],
  [/ship|deliver|postage|country|countries|international/, "shipping"],
  [/privacy|personal data|gdpr/, "privacy"],
  [/terms|conditions|legal/, "terms"],
  [/contact|email|phone|address|reach/, "contact"],
  [/hour|open|close|holiday|weekend/, "hours"],
  [/faq|question/, "faq"],
];

const NO_MESSAGE_HINT = "offer to take a message so the team can answer";

export interface StoreInfoQuestion {
  topic: string;
  /** The caller's question in their words, for the FAQ and for countries. */
  question?: string | null;
}

export function answerStoreInfo(knowledge: StoreKnowledge, { topic, question }: StoreInfoQuestion, at: Date): string {
  const known = topicOf(topic) ?? topicOf(question ?? "");
  if (!known || known === "faq") return answerFromFaq(knowledge, `${topic} ${question ?? ""}`, known === "faq");
  if (known === "hours") return answerHours(knowledge, at);
  const policy = knowledge.policies.find((candidate) => candidate.type === POLICY_OF[known]);
  const countries = known === "shipping" ? shippingCountries(knowledge.shipsToCountries, question ?? "") : "";
  if (!policy || policy.body.trim() === "") {
    const faq = faqMatches(knowledge.faq, `${topic} ${question ?? ""}`);
    if (faq.length > 0) return `${countries}${faqText(faq)}`.trim();
    return `${countries}The store has not published its ${spokenTopic(known)}. Do not guess; ${NO_MESSAGE_HINT}.`.trim();
  }
  const body = sanitizeMerchantText(policy.body, MAX_ANSWER_POLICY_LENGTH);
  return (
    `${countries}From the store's ${sanitizeMerchantText(policy.title, 80)}: "${body}" ` +
    "Answer the caller's question briefly from this text only, in your own words; do not read it all out. If it does not answer the question, say so and " +
    `${NO_MESSAGE_HINT}.`
  ).trim();
}

function topicOf(value: string): StoreInfoTopic | null {
  const normalized = value.toLowerCase().trim();
  const exact = STORE_INFO_TOPICS.find((topic) => topic === normalized);
  if (exact) return exact;
  return SYNONYMS.find(([pattern]) => pattern.test(normalized))?.[1] ?? null;
}

function spokenTopic(topic: StoreInfoTopic): string {
  switch (topic) {
    case "returns":
      return "return and refund policy";
    case "shipping":
      return "shipping policy";
    case "privacy":
      return "privacy policy";
    case "terms":
      return "terms of service";
    case "contact":
      return "contact information";
    default:
      return topic;
  }
}

function answerHours(knowledge: StoreKnowledge, at: Date): string {
  const hours = knowledge.openingHours;
  if (!hasAnyHours(hours)) return `The store has not set its opening hours. Do not guess them; ${NO_MESSAGE_HINT}.`;
  return `${describeStatus(hours, at)} Opening hours (${hours.timezone}): ${describeWeek(hours, at)}`;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** "Canada" for "CA"; Shopify's REST_OF_WORLD as words. */
export function countryName(code: string): string {
  if (code === "REST_OF_WORLD") return "the rest of the world";
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "The store ships to: United States, Canada." and, when the question names a country, whether it is one of them. */
function shippingCountries(codes: readonly string[], question: string): string {
  if (codes.length === 0) return "";
  const names = codes.map((code) => ({ code, name: countryName(code) }));
  const asked = question.toLowerCase();
  const named = names.find(({ code, name }) => asked.includes(name.toLowerCase()) || new RegExp(`\\b${code.toLowerCase()}\\b`).test(asked));
  const list = names.length > 30 ? `${names.length} countries` : names.map(({ name }) => name).join(", ");
  const verdict = named ? `Yes, the store ships to ${named.name}. ` : "";
  return `${verdict}The store ships to: ${list}.${codes.includes("REST_OF_WORLD") ? "" : " It does not ship to other countries."} `;
}

const STOP_WORDS = new Set([
  "the",
  "a",
  "an",
  "do",
  "you",
  "your",
  "is",
  "are",
  "can",
  "i",
  "to",
  "of",
  "for",
  "and",
  "or",
  "what",
  "how",
  "in",
  "on",
  "my",
  "we",
  "it",
  "faq",
]);

function words(value: string): Set<string> {
  return new Set(
    value
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word)),
  );
}

/** FAQ entries sharing the most words with the question (at least one), best first. */
function faqMatches(faq: readonly FaqEntry[], question: string): FaqEntry[] {
  const asked = words(question);
  return faq
    .map((entry) => ({ entry, score: [...words(`${entry.question} ${entry.answer}`)].filter((word) => asked.has(word)).length }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ entry }) => entry);
}

function faqText(entries: readonly FaqEntry[]): string {
  const pairs = entries.map((entry) => `Q: ${sanitizeMerchantText(entry.question, 200)} A: ${sanitizeMerchantText(entry.answer, 1000)}`);
  return `From the store's FAQ: ${pairs.join(" | ")} Answer from these only, briefly.`;
}

function answerFromFaq(knowledge: StoreKnowledge, question: string, listAll: boolean): string {
  const matches = listAll && knowledge.faq.length <= 5 ? knowledge.faq : faqMatches(knowledge.faq, question);
  if (matches.length > 0) return faqText(matches);
  const topics = "returns and refunds, shipping (and the countries the store ships to), privacy, terms of service, contact details, opening hours";
  return `There is no store information on that. You can answer about: ${topics}. For anything else, do not guess; ${NO_MESSAGE_HINT}.`;
}
