import { Link, useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { MessageStatus } from "@prisma/client";
import type { DisplayPhone } from "../../formatting/phone";

export interface InboxMessage {
  id: string;
  callerName: string;
  callback: DisplayPhone | null;
  reason: string;
  orderNumber: string | null;
  status: MessageStatus;
  statusLabel: string;
  left: string;
  callId: string;
}

const TONE: Record<MessageStatus, "attention" | "info" | "success"> = { new: "attention", called_back: "info", resolved: "success" };

/** One message: who, what, a tel: link, its call, and one click to the next state. */
function MessageRow({ message }: { message: InboxMessage }) {
  const mark = useFetcher();
  const next = (status: MessageStatus, label: string) => (
    <Button loading={mark.state !== "idle"} onClick={() => mark.submit({ intent: "mark", id: message.id, status }, { method: "post" })}>
      {label}
    </Button>
  );
  return (
    <Box paddingBlock="300" borderBlockEndWidth="025" borderColor="border" data-testid="message-row">
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {message.callerName}
          </Text>
          <Badge tone={TONE[message.status]}>{message.statusLabel}</Badge>
          <Text as="span" tone="subdued">
            {message.left}
          </Text>
        </InlineStack>
        <Text as="p">{message.reason}</Text>
        {message.orderNumber && <Text as="p" tone="subdued">{`Order #${message.orderNumber}`}</Text>}
        <InlineStack gap="300" blockAlign="center">
          {message.callback && (
            <a href={`tel:${message.callback.e164}`} title={message.callback.e164}>
              {`Call ${message.callback.display}`}
            </a>
          )}
          <Link to={`/app/calls/${message.callId}`}>View the call</Link>
          {message.status === "new" && next("called_back", "Mark called back")}
          {message.status !== "resolved" && next("resolved", "Mark resolved")}
          {message.status !== "new" && next("new", "Mark as new")}
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

export function MessagesList({ messages }: { messages: InboxMessage[] }) {
  return (
    <Card>
      {messages.length === 0 ? (
        <Text as="p" tone="subdued">
          No messages here.
        </Text>
      ) : (
        messages.map((message) => <MessageRow key={message.id} message={message} />)
      )}
    </Card>
  );
}
