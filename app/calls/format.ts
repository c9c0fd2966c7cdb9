// Kept for app/routes/app.receptionist.tsx (another engineer's file) until it
// imports from app/formatting/time directly; the logic lives there only.
export { formatInstant as formatCallTime } from "../formatting/time";
