/** Resolves with the next message of `type` that `child` sends. */
export function nextMessage(child, type) {
  return new Promise((resolve) => {
    const listen = (message) => {
      if (message.type !== type) return;
      child.off('message', listen);
      resolve(message);
    };
    child.on('message', listen);
  });
}
