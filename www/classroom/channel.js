// The page's connection to the classroom server (the `classroom` crate): one
// WebSocket to `/ws` on the page's own site, JSON messages both ways, and a
// reconnection after a blip (a phone asleep, a network hiccup) that says
// hello again with the tab's key or token. The page never needs the server:
// without one, `probe` says so and nothing else changes.

/** The BroadcastChannel between the teacher's page and its console window (console.js), within this browser. */
export const CONSOLE_CHANNEL = "backprop-lab-class-console";

/** Whether this site has a classroom server: the page asks `/api/classroom`. */
export async function probe() {
  try {
    const response = await fetch(new URL("api/classroom", document.baseURI), { cache: "no-store" });
    return response.ok && (await response.json()).classroom === 1;
  } catch {
    return false;
  }
}

/** Waits between reconnection attempts, in ms: soon at first, then every few seconds. */
const RETRY = [300, 1000, 2000, 4000];

export class Channel {
  /**
   * `hello()` gives the first message of each connection (create, reclaim or
   * join); `receive(message)` gets each message; `status(text)` hears of the
   * connection's ups and downs ("open", "retrying", "closed").
   */
  constructor({ hello, receive, status }) {
    this.hello = hello;
    this.receive = receive;
    this.status = status;
    this.socket = null;
    this.attempts = 0;
    this.closed = false;
  }

  open() {
    const url = new URL("ws", document.baseURI);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempts = 0;
      this.status("open");
      socket.send(JSON.stringify(this.hello()));
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.receive(message);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket || this.closed) return;
      const wait = RETRY[Math.min(this.attempts, RETRY.length - 1)];
      this.attempts += 1;
      this.status("retrying");
      this.timer = setTimeout(() => this.open(), wait);
    });
  }

  send(message) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Ends the connection for good (the class ended, or the user left it). */
  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.status("closed");
  }
}
