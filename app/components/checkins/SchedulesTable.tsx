import { Badge, IndexTable, Link, Text, useBreakpoints } from "@shopify/polaris";
import type { schedulesListView } from "../../checkins/checkins-view.server";
import { PhoneNumberText } from "../format/PhoneNumberText";

type Row = Awaited<ReturnType<typeof schedulesListView>>["schedules"][number];

const OUTCOME_TONES: Record<string, "success" | "critical" | "warning" | undefined> = { completed: "success", failed: "critical", missed: "warning" };

/** The shop's check-in schedules, one row per person; the person's name opens the schedule (a real link). */
export function SchedulesTable({ schedules }: { schedules: Row[] }) {
  const { smDown } = useBreakpoints();
  return (
    <IndexTable
      condensed={smDown}
      resourceName={{ singular: "schedule", plural: "schedules" }}
      itemCount={schedules.length}
      selectable={false}
      headings={[{ title: "Person" }, { title: "Next call (schedule's zone)" }, { title: "Last outcome" }, { title: "Calls" }]}
    >
      {schedules.map((schedule, index) => (
        <IndexTable.Row id={schedule.id} key={schedule.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/app/checkins/${schedule.id}`} removeUnderline dataPrimaryLink>
              <Text as="span" fontWeight="semibold">
                {schedule.person}
              </Text>
            </Link>
            <Text as="p" tone="subdued" variant="bodySm">
              <PhoneNumberText phone={schedule.phone} /> · {schedule.rule}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            {schedule.problem ? (
              <Text as="span" tone="critical">
                Cannot be planned: open it to correct it
              </Text>
            ) : (
              (schedule.nextCall ?? (schedule.active ? "None planned" : "Paused"))
            )}
          </IndexTable.Cell>
          <IndexTable.Cell>
            {schedule.lastOutcome ? (
              <>
                <Badge tone={OUTCOME_TONES[schedule.lastOutcome.status]}>{schedule.lastOutcome.label}</Badge>{" "}
                <Text as="span" tone="subdued" variant="bodySm">
                  {schedule.lastOutcome.at}
                </Text>
              </>
            ) : (
              "No call yet"
            )}
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Badge tone={schedule.active ? "success" : undefined}>{schedule.active ? "On" : "Paused"}</Badge>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
