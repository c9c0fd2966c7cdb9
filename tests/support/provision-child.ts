// A real process that runs one provisioning as POST /api/vapi/provision
// does (take the lease, queue the watchdog, run the steps), so a test can
// kill -9 it mid-setup. Env: the test's environment, VAPI_BASE_URL and
// PROVISION_SHOP_ID. Prints "done" if it ever finishes.
import { loadProducts, SETTINGS } from "./receptionist";

const { provisionReceptionist } = await import("../../app/receptionist/provisioning.server");
await provisionReceptionist(process.env.PROVISION_SHOP_ID!, SETTINGS, loadProducts);
console.log("done");
process.exit(0);
