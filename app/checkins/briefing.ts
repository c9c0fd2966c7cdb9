// The check-in call's briefing (pure): figures in, a short spoken script out.
// Read aloud by the check-in assistant, so it is plain sentences: amounts in
// the shop's currency, times in the schedule's zone, messages with how long
// ago they came in. A part whose figures could not be read (the Admin API
// was down) says so in one sentence; the rest of the briefing goes on.
import { DateTime } from "luxon";
import { countOf } from "../formatting/labels";
import { formatMoney } from "../formatting/money";
import { formatPhone } from "../formatting/phone";
import { formatTimeOfDay } from "../formatting/time";
import { displayShopName, MAX_PRODUCT_TITLE_LENGTH, sanitizeMerchantText } from "../receptionist/system-prompt";

export const BRIEFING_PARTS = ["orders", "calls", "problems", "lowStock"] as const;
export type BriefingPart = (typeof BRIEFING_PARTS)[number];
export const DEFAULT_BRIEFING_PARTS: BriefingPart[] = ["orders", "calls", "problems"];

export const BRIEFING_PART_LABELS: Record<BriefingPart, string> = {
  orders: "Orders (count, total, unfulfilled after 2 days)",
  calls: "Customer calls and the messages callers left",
  problems: "What is failing (receptionist, check-ins, store knowledge)",
  lowStock: "Low stock among the products the receptionist knows",
};

export function isBriefingPart(value: string): value is BriefingPart {
  return (BRIEFING_PARTS as readonly string[]).includes(value);
}

/** A message a caller left with the receptionist. */
export interface CallerMessage {
  callerName: string | null;
  callbackNumber: string | null;
  reason: string;
  at: Date;
}

/** A figure that comes from the Admin API: it may be unavailable. */
export type Fetched<T> = { ok: true; value: T } | { ok: false };

export interface OrderFigures {
  count: number;
  /** Whether there were more orders than one page holds (the count is then a lower bound). */
  more: boolean;
  /** Decimal amount in the shop's currency, e.g. "1234.50". */
  total: string;
  unfulfilledOverTwoDays: number;
}

export interface CallFigures {
  count: number;
  /** Per disposition (completed, voicemail, no-answer...). */
  outcomes: Record<string, number>;
  messages: CallerMessage[];
}

export interface ProblemFigures {
  receptionist: "live" | "not-set-up" | "setting-up" | "failed";
  /** Check-ins of the shop (any schedule) that failed or were missed in the period. */
  failedCheckins: Array<{ personName: string; status: "failed" | "missed"; at: Date }>;
  /** Whether the receptionist's store knowledge is older than a week. */
  knowledgeStale: boolean;
}

export interface BriefingFigures {
  shopName: string;
  personName: string;
  /** ISO 4217, the shop's currency. */
  currency: string;
  /** The schedule's zone: every time is said in it. */
  timezone: string;
  now: Date;
  /** Start of the period: the schedule's last completed call, or 24 h ago. */
  since: Date;
  sinceLastCall: boolean;
  orders?: Fetched<OrderFigures>;
  calls?: CallFigures;
  problems?: ProblemFigures;
  lowStock?: Fetched<Array<{ title: string; quantity: number }>>;
}

const LOCALE = "en-US";

/** "2 hours ago", "35 minutes ago", "yesterday at 4:10 PM", "on Mon, Nov 30 at 4:10 PM". */
export function howLongAgo(at: Date, now: Date, zone: string): string {
  const minutes = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${countOf(minutes, "minute")} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 12) return `${countOf(hours, "hour")} ago`;
  return `${dayAndTime(at, now, zone)}`;
}

/** "today at 9:00 AM", "yesterday at 9:00 AM" or "on Mon, Nov 30 at 9:00 AM", in `zone`. */
export function dayAndTime(at: Date, now: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone }).setLocale(LOCALE);
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const days = Math.round(today.diff(local.startOf("day"), "days").days);
  const time = formatTimeOfDay(local.toFormat("HH:mm"));
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `yesterday at ${time}`;
  return `on ${local.toFormat("ccc, LLL d")} at ${time}`;
}

function greeting(now: Date, zone: string): string {
  const hour = DateTime.fromJSDate(now, { zone }).hour;
  return hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
}

const OUTCOME_WORDS: Record<string, [string, string]> = {
  completed: ["was answered", "were answered"],
  transferred: ["was transferred to you", "were transferred to you"],
  voicemail: ["reached voicemail", "reached voicemail"],
  "no-answer": ["was not answered", "were not answered"],
  busy: ["got a busy line", "got a busy line"],
  failed: ["failed", "failed"],
  canceled: ["was canceled", "were canceled"],
};

function ordersSentence(orders: Fetched<OrderFigures>, currency: string): string {
  if (!orders.ok) return "I could not read your orders from Shopify just now, so there are no order figures on this call.";
  const { count, more, total, unfulfilledOverTwoDays } = orders.value;
  const counted = more ? `More than ${countOf(count, "new order")}` : count === 0 ? "No new orders" : countOf(count, "new order");
  const sentences = [count === 0 ? `${counted}.` : `${counted}, for ${formatMoney(total, currency, { cents: "always" })} in total.`];
  if (unfulfilledOverTwoDays > 0) {
    sentences.push(`${countOf(unfulfilledOverTwoDays, "order is", "orders are")} still unfulfilled after two days.`);
  }
  return sentences.join(" ");
}

const ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth"];
/** A call is a few minutes: the rest of the messages are counted, not read. */
export const MAX_MESSAGES_READ = 5;

// What others wrote (a caller's name and message, product titles, names, the shop's name) goes into the check-in
// assistant's instructions with the briefing: each is flattened to one line without braces, as in the receptionist's
// prompt (Vapi renders prompts as Liquid), and the prompt says the messages are callers' words, not instructions.
const MAX_SPOKEN_NAME = 100;
const MAX_SPOKEN_REASON = 500;

function messageSentence(message: CallerMessage, index: number, now: Date, zone: string): string {
  const who = (message.callerName && sanitizeMerchantText(message.callerName, MAX_SPOKEN_NAME)) || "A caller who gave no name";
  const reason = sanitizeMerchantText(message.reason, MAX_SPOKEN_REASON);
  const number = message.callbackNumber ? formatPhone(message.callbackNumber, "US")?.display : null;
  const callback = number ? ` Call back on ${number}.` : " No callback number.";
  return `${ORDINALS[index]}, ${who}, ${howLongAgo(message.at, now, zone)}: ${reason.replace(/[.\s]+$/, "")}.${callback}`;
}

function callsSentences(calls: CallFigures, now: Date, zone: string): string[] {
  if (calls.count === 0 && calls.messages.length === 0) return ["No customer calls to the receptionist."];
  const outcomes = Object.entries(calls.outcomes)
    .filter(([, count]) => count > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, count]) => {
      const [one, many] = OUTCOME_WORDS[outcome] ?? ["ended another way", "ended another way"];
      return `${count} ${count === 1 ? one : many}`;
    });
  const sentences = [`The receptionist took ${countOf(calls.count, "customer call")}${outcomes.length ? `: ${outcomes.join(", ")}` : ""}.`];
  const { messages } = calls;
  if (messages.length === 0) {
    sentences.push("Nobody left a message.");
    return sentences;
  }
  sentences.push(`${messages.length === 1 ? "One caller left a message" : `Callers left ${messages.length} messages`}.`);
  const newestFirst = [...messages].sort((a, b) => b.at.getTime() - a.at.getTime());
  newestFirst.slice(0, MAX_MESSAGES_READ).forEach((message, index) => sentences.push(messageSentence(message, index, now, zone)));
  const unread = messages.length - MAX_MESSAGES_READ;
  if (unread > 0) sentences.push(`${countOf(unread, "more message is", "more messages are")} in the app.`);
  return sentences;
}

const RECEPTIONIST_PROBLEMS: Record<Exclude<ProblemFigures["receptionist"], "live">, string> = {
  "not-set-up": "The AI receptionist is not set up, so customer calls are not answered.",
  "setting-up": "The AI receptionist is still being set up.",
  failed: "The AI receptionist is in error: its setup failed, so customer calls are not answered.",
};

function problemSentences(problems: ProblemFigures, now: Date, zone: string): string[] {
  const sentences: string[] = [];
  if (problems.receptionist !== "live") sentences.push(RECEPTIONIST_PROBLEMS[problems.receptionist]);
  for (const checkin of problems.failedCheckins) {
    const person = sanitizeMerchantText(checkin.personName, MAX_SPOKEN_NAME);
    const whose = person ? `${person}'s check-in call` : "A check-in call";
    sentences.push(`${whose} ${dayAndTime(checkin.at, now, zone)} ${checkin.status === "missed" ? "was missed" : "failed"}.`);
  }
  if (problems.knowledgeStale) sentences.push("The receptionist's store knowledge has not been refreshed for over a week.");
  return sentences.length ? [`Needs your attention: ${sentences[0]}`, ...sentences.slice(1)] : ["Nothing is failing."];
}

function lowStockSentence(lowStock: Fetched<Array<{ title: string; quantity: number }>>): string {
  if (!lowStock.ok) return "I could not read stock levels from Shopify just now.";
  if (lowStock.value.length === 0) return "No product the receptionist knows is running low.";
  const items = lowStock.value.map(({ title, quantity }) => {
    const product = sanitizeMerchantText(title, MAX_PRODUCT_TITLE_LENGTH);
    return quantity <= 0 ? `${product}, sold out` : `${product}, ${quantity} left`;
  });
  return `Running low: ${items.join("; ")}.`;
}

export interface Briefing {
  /** The spoken script, one paragraph. */
  script: string;
  /** The briefing in one sentence: the voicemail, and the job's history. */
  headline: string;
}

function joinWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function headline(figures: BriefingFigures, wants: (part: BriefingPart) => boolean): string {
  const items: string[] = [];
  const { orders, calls, problems, lowStock } = figures;
  if (wants("orders") && orders) {
    items.push(
      !orders.ok
        ? "no order figures (Shopify did not answer)"
        : orders.value.count === 0
          ? "no new orders"
          : `${countOf(orders.value.count, "new order")} for ${formatMoney(orders.value.total, figures.currency, { cents: "always" })}`,
    );
  }
  if (wants("calls") && calls) items.push(`${countOf(calls.count, "customer call")} with ${countOf(calls.messages.length, "message")}`);
  if (wants("problems") && problems) {
    const count = (problems.receptionist === "live" ? 0 : 1) + problems.failedCheckins.length + (problems.knowledgeStale ? 1 : 0);
    items.push(count === 0 ? "nothing failing" : `${countOf(count, "thing")} that need${count === 1 ? "s" : ""} your attention`);
  }
  if (wants("lowStock") && lowStock?.ok && lowStock.value.length > 0) items.push(`${countOf(lowStock.value.length, "product")} running low`);
  const shopName = displayShopName(figures.shopName);
  return items.length ? `${shopName}: ${joinWords(items)}.` : `${shopName}: nothing to report.`;
}

/** The briefing for the parts the schedule asks for; a part without figures is left out. */
export function buildBriefing(figures: BriefingFigures, parts: readonly BriefingPart[]): Briefing {
  const { now, timezone: zone } = figures;
  const wants = (part: BriefingPart) => parts.includes(part);
  const name = sanitizeMerchantText(figures.personName, MAX_SPOKEN_NAME);
  const period = figures.sinceLastCall ? `since your last check-in ${dayAndTime(figures.since, now, zone)}` : "over the last 24 hours";
  const opening = `${greeting(now, zone)}${name ? ` ${name}` : ""}, this is the check-in call from ${displayShopName(figures.shopName)}, with what happened ${period}.`;

  const body: string[] = [];
  if (wants("orders") && figures.orders) body.push(ordersSentence(figures.orders, figures.currency));
  if (wants("calls") && figures.calls) body.push(...callsSentences(figures.calls, now, zone));
  if (wants("problems") && figures.problems) body.push(...problemSentences(figures.problems, now, zone));
  if (wants("lowStock") && figures.lowStock) body.push(lowStockSentence(figures.lowStock));
  if (body.length === 0) body.push("There is nothing to report on this schedule's briefing.");
  return { script: [opening, ...body].join(" "), headline: headline(figures, wants) };
}
