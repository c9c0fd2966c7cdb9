// In-memory records of one simulated Vapi organization, plus the logs tests
// assert on (API requests received, server messages delivered).
import type { DeliveryRecord, RequestLogEntry, SimAssistant, SimCall, SimCredential, SimPhoneNumber } from "./types";

export class SimulatorStore {
  readonly assistants = new Map<string, SimAssistant>();
  readonly phoneNumbers = new Map<string, SimPhoneNumber>();
  readonly calls = new Map<string, SimCall>();
  readonly credentials = new Map<string, SimCredential>();
  requests: RequestLogEntry[] = [];
  deliveries: DeliveryRecord[] = [];
  errors: string[] = [];
  private sequence = 0;
  /** Last four digits of provisioned numbers; never reused, so numbers stay unique across resets. */
  private numberSuffix = 100;

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  nextNumberSuffix(): string {
    this.numberSuffix = (this.numberSuffix + 1) % 10_000;
    return String(this.numberSuffix).padStart(4, "0");
  }

  logRequest(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const logged = { seq: this.nextSeq(), ...entry };
    this.requests.push(logged);
    return logged;
  }

  logDelivery(entry: Omit<DeliveryRecord, "seq">): DeliveryRecord {
    const logged = { seq: this.nextSeq(), ...entry };
    this.deliveries.push(logged);
    return logged;
  }

  recordError(context: string, error: unknown): void {
    const message = `${context}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    this.errors.push(message);
    console.error(`[vapi-simulator] ${message}`);
  }

  clear(): void {
    this.assistants.clear();
    this.phoneNumbers.clear();
    this.calls.clear();
    this.credentials.clear();
    this.requests = [];
    this.deliveries = [];
    this.errors = [];
  }
}

/** Vapi lists newest first; records created in the same millisecond keep reverse creation order. */
export function newestFirst<T extends { createdAt: string }>(records: Iterable<T>): T[] {
  return [...records].reverse().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
