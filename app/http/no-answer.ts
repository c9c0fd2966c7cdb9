// A form submission from the browser that never gets an answer (the
// connection dropped, the tab went offline) would otherwise reach the page's
// error boundary and replace the form: routes' clientActions turn it into a
// result the page shows in a banner, with what was typed still in the form.

export const NO_ANSWER_MESSAGE = "The app did not answer: the connection may have dropped. Nothing you typed is lost. Check your connection and try again.";

export async function orNoAnswer<T>(submit: () => Promise<T>, noAnswer: T): Promise<T> {
  try {
    return await submit();
  } catch (error) {
    // Shopify's auth answers (a redirect or bounce page) are for Remix to follow.
    if (error instanceof Response) throw error;
    return noAnswer;
  }
}
