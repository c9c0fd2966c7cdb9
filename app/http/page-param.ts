// The page a list's URL asks for (?page=N): a whole number from 1; anything else (absent, 0, -2, "abc", 1.5, 1e400)
// is the first page, not an error page. Shared by every paginated list.
import { z } from "zod";

export const PageParamSchema = z.coerce.number().int().min(1).max(10_000).catch(1).default(1);
