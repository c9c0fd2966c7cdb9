import { Banner } from "@shopify/polaris";

/** Check-in calls are placed from the receptionist's number: until it is live, none can be placed (the list and each schedule say so). */
export function ReceptionistRequiredBanner() {
  return (
    <Banner
      tone="warning"
      title="Check-in calls are placed from your receptionist's number"
      action={{ content: "Set up AI receptionist", url: "/app/receptionist" }}
    >
      <p>Set up the AI receptionist first; until it is live, no check-in call can be placed.</p>
    </Banner>
  );
}
