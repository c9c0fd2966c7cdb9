import { BlockStack, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import type { OpeningHours, TimeRange } from "../../opening-hours/opening-hours";

const DAYS: Array<[key: keyof OpeningHours["weekly"], label: string]> = [
  ["1", "Monday"],
  ["2", "Tuesday"],
  ["3", "Wednesday"],
  ["4", "Thursday"],
  ["5", "Friday"],
  ["6", "Saturday"],
  ["7", "Sunday"],
];
const DEFAULT_RANGE: TimeRange = { open: "09:00", close: "17:00" };

interface Props {
  hoursSet: boolean;
  hours: OpeningHours;
  onChange: (hours: OpeningHours, hoursSet: boolean) => void;
}

function RangeRow({ range, label, onChange, onRemove }: { range: TimeRange; label: string; onChange: (range: TimeRange) => void; onRemove: () => void }) {
  return (
    <InlineStack gap="200" blockAlign="end">
      <TextField label={`${label} opens`} type="time" value={range.open} onChange={(open) => onChange({ ...range, open })} autoComplete="off" />
      <TextField
        label={`${label} closes`}
        type="time"
        value={range.close === "24:00" ? "00:00" : range.close}
        onChange={(close) => onChange({ ...range, close })}
        helpText={range.close <= range.open ? "Closes the next day" : undefined}
        autoComplete="off"
      />
      <Button onClick={onRemove} accessibilityLabel={`Remove ${label} range`}>
        Remove
      </Button>
    </InlineStack>
  );
}

/** Weekly ranges (several a day, overnight allowed), the zone, and dated exceptions. */
export function OpeningHoursEditor({ hoursSet, hours, onChange }: Props) {
  const setDay = (day: keyof OpeningHours["weekly"], ranges: TimeRange[]) => onChange({ ...hours, weekly: { ...hours.weekly, [day]: ranges } }, true);
  const exceptions = hours.exceptions;
  const setExceptions = (next: OpeningHours["exceptions"]) => onChange({ ...hours, exceptions: next }, true);

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Opening hours
        </Text>
        <Checkbox
          label="Use these opening hours (the receptionist says whether the store is open, and transfers callers only while it is)"
          checked={hoursSet}
          onChange={(checked) => onChange(hours, checked)}
        />
        <TextField
          label="Time zone"
          value={hours.timezone}
          onChange={(timezone) => onChange({ ...hours, timezone }, hoursSet)}
          autoComplete="off"
          helpText="IANA name, e.g. America/New_York"
        />
        {DAYS.map(([day, label]) => {
          const ranges = hours.weekly[day] ?? [];
          return (
            <BlockStack gap="200" key={day}>
              <InlineStack gap="300" blockAlign="center">
                <Checkbox label={label} checked={ranges.length > 0} onChange={(open) => setDay(day, open ? [DEFAULT_RANGE] : [])} />
                <Text as="span" tone="subdued">
                  {ranges.length === 0 ? "Closed" : ""}
                </Text>
              </InlineStack>
              {ranges.map((range, index) => (
                <RangeRow
                  key={index}
                  label={`${label} ${index + 1}`}
                  range={range}
                  onChange={(changed) =>
                    setDay(
                      day,
                      ranges.map((existing, i) => (i === index ? changed : existing)),
                    )
                  }
                  onRemove={() =>
                    setDay(
                      day,
                      ranges.filter((_, i) => i !== index),
                    )
                  }
                />
              ))}
              {ranges.length > 0 && ranges.length < 4 && (
                <InlineStack>
                  <Button variant="plain" onClick={() => setDay(day, [...ranges, { open: "18:00", close: "22:00" }])}>
                    {`Add hours on ${label}`}
                  </Button>
                </InlineStack>
              )}
            </BlockStack>
          );
        })}
        <Text as="h3" variant="headingSm">
          Holidays and special hours
        </Text>
        {exceptions.map((exception, index) => (
          <InlineStack gap="200" blockAlign="end" key={index}>
            <TextField
              label="Date"
              type="date"
              value={exception.date}
              onChange={(date) => setExceptions(exceptions.map((e, i) => (i === index ? { ...e, date } : e)))}
              autoComplete="off"
            />
            <TextField
              label="Note"
              value={exception.note ?? ""}
              onChange={(note) => setExceptions(exceptions.map((e, i) => (i === index ? { ...e, note } : e)))}
              autoComplete="off"
            />
            <Checkbox
              label="Closed all day"
              checked={exception.ranges.length === 0}
              onChange={(closed) =>
                setExceptions(exceptions.map((e, i) => (i === index ? { ...e, ranges: closed ? [] : [{ open: "10:00", close: "14:00" }] } : e)))
              }
            />
            {exception.ranges[0] && (
              <RangeRow
                label={exception.date || "Special date"}
                range={exception.ranges[0]}
                onChange={(range) => setExceptions(exceptions.map((e, i) => (i === index ? { ...e, ranges: [range] } : e)))}
                onRemove={() => setExceptions(exceptions.map((e, i) => (i === index ? { ...e, ranges: [] } : e)))}
              />
            )}
            <Button onClick={() => setExceptions(exceptions.filter((_, i) => i !== index))}>Remove date</Button>
          </InlineStack>
        ))}
        <InlineStack>
          <Button onClick={() => setExceptions([...exceptions, { date: "", ranges: [] }])}>Add a date</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
