import { describe, expect, it } from "vitest";
import { devEnvironment } from "./dev-env";

const CLI = { SHOPIFY_API_KEY: "cli-key", HOST: "https://tunnel.example.com", PORT: "53211" };

describe("devEnvironment", () => {
  it.each([
    ["the CLI's HOST becomes the app's URL", CLI, null, { SHOPIFY_APP_URL: "https://tunnel.example.com", SHOPIFY_API_KEY: "cli-key" }],
    ["a SHOPIFY_APP_URL the CLI set is kept", { ...CLI, SHOPIFY_APP_URL: "https://app.example.com" }, null, { SHOPIFY_APP_URL: "https://app.example.com" }],
    [
      "the .env gives what the CLI does not",
      CLI,
      '# Vapi\nVAPI_API_KEY=vapi-key\nVAPI_WEBHOOK_SECRET="a long secret"\n',
      { VAPI_API_KEY: "vapi-key", VAPI_WEBHOOK_SECRET: "a long secret", SHOPIFY_APP_URL: "https://tunnel.example.com" },
    ],
    ["the CLI wins over the .env", CLI, "SHOPIFY_API_KEY=file-key\nPORT=3000\n", { SHOPIFY_API_KEY: "cli-key", PORT: "53211" }],
    [
      "HOST wins over an app URL in the .env (the tunnel changes from run to run)",
      CLI,
      "SHOPIFY_APP_URL=https://file.example.com\n",
      { SHOPIFY_APP_URL: "https://tunnel.example.com" },
    ],
  ])("%s", (_label, processEnv, dotenv, expected) => {
    expect(devEnvironment(processEnv, dotenv)).toMatchObject(expected);
  });

  it("without HOST (not run by the CLI) sets no app URL", () => {
    expect(devEnvironment({ PORT: "3000" }, null).SHOPIFY_APP_URL).toBeUndefined();
  });
});
