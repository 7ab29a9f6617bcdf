// Joins `lines` into one string, one entry per line.
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines : [];
  return { lines, payload: lines.join('\n') };
}
