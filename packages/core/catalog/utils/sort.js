// Sorts `lines` as JavaScript sorts (by their text), and says how many there are.
function main(params) {
  const lines = Array.isArray(params.lines) ? [...params.lines] : [];
  lines.sort();
  return { length: lines.length, lines };
}
