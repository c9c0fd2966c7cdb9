import { Link } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";

/** The app's pages in the admin's sidebar (App Bridge moves these links there). */
export function AppNavMenu({ newMessages = 0 }: { newMessages?: number }) {
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        Home
      </Link>
      <Link to="/app/receptionist">AI receptionist</Link>
      <Link to="/app/calls">Calls</Link>
      <Link to="/app/messages">{newMessages > 0 ? `Messages (${newMessages} new)` : "Messages"}</Link>
      <Link to="/app/knowledge">Store info</Link>
      <Link to="/app/checkins">Check-in calls</Link>
      <Link to="/app/data-requests">Data requests</Link>
    </NavMenu>
  );
}
