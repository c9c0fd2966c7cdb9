import { BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { MAX_FAQ_ANSWER_LENGTH, MAX_FAQ_ENTRIES, MAX_FAQ_QUESTION_LENGTH, type FaqEntry } from "../../knowledge/store-knowledge";

/** Questions and answers the receptionist gives as written (store_info, topic faq). */
export function FaqEditor({ faq, onChange }: { faq: FaqEntry[]; onChange: (faq: FaqEntry[]) => void }) {
  const set = (index: number, entry: FaqEntry) => onChange(faq.map((existing, i) => (i === index ? entry : existing)));
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Frequently asked questions
        </Text>
        <Text as="p" tone="subdued">{`Up to ${MAX_FAQ_ENTRIES} questions. The receptionist answers from these, in its own words.`}</Text>
        {faq.map((entry, index) => (
          <BlockStack gap="200" key={index}>
            <TextField
              label={`Question ${index + 1}`}
              value={entry.question}
              onChange={(question) => set(index, { ...entry, question })}
              maxLength={MAX_FAQ_QUESTION_LENGTH}
              showCharacterCount
              autoComplete="off"
            />
            <TextField
              label={`Answer ${index + 1}`}
              value={entry.answer}
              onChange={(answer) => set(index, { ...entry, answer })}
              maxLength={MAX_FAQ_ANSWER_LENGTH}
              showCharacterCount
              multiline={3}
              autoComplete="off"
            />
            <InlineStack>
              <Button onClick={() => onChange(faq.filter((_, i) => i !== index))}>{`Remove question ${index + 1}`}</Button>
            </InlineStack>
          </BlockStack>
        ))}
        {faq.length < MAX_FAQ_ENTRIES && (
          <InlineStack>
            <Button onClick={() => onChange([...faq, { question: "", answer: "" }])}>Add a question</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
