module.exports = async () => {
  for (const c of globalThis.__containers ?? []) await c.stop();
};
