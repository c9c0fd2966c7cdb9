import { Combobox, Listbox } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { parseTimeOfDay } from "../../checkins/time-of-day";

export interface TimeOption {
  value: string;
  label: string;
}

/**
 * A time of day: type it as people write it ("9:00", "9am", "21:30"), or pick
 * one of the quarter hours. The help text says how the typed time is read.
 */
export function TimeOfDayField({
  id,
  label,
  value,
  options,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: TimeOption[];
  error?: string;
  onChange: (value: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const parsed = parseTimeOfDay(value);
  const shown = useMemo(() => {
    // A typed time that reads as one needs no list (the help text confirms it); otherwise the times it begins.
    if (parsed) return [];
    const typed = value.toLowerCase().replace(/\s+/g, "");
    const compact = (text: string) => text.toLowerCase().replace(/\s+/g, "");
    return options.filter((option) => option.value.startsWith(typed) || compact(option.label).startsWith(typed)).slice(0, 8);
  }, [options, parsed, value]);
  const reading = parsed ? options.find((option) => option.value === parsed)?.label : undefined;
  const help = parsed ? `Calls at ${reading ?? parsed}, in the schedule's time zone.` : "Type a time like 9:00, 9am or 21:30, or pick one.";

  return (
    <Combobox
      activator={
        <Combobox.TextField
          id={id}
          label={label}
          value={value}
          onChange={(next) => {
            onChange(next);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          autoComplete="off"
          helpText={help}
          error={error}
        />
      }
      onClose={() => setOpen(false)}
    >
      {open && shown.length > 0 ? (
        <Listbox
          onSelect={(selected) => {
            onChange(selected);
            setOpen(false);
          }}
        >
          {shown.map((option) => (
            <Listbox.Option key={option.value} value={option.value} selected={option.value === parsed}>
              {option.label}
            </Listbox.Option>
          ))}
        </Listbox>
      ) : null}
    </Combobox>
  );
}
