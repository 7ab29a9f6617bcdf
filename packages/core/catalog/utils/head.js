// The first `num` entries of `lines` (one when `num` is not given).
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines : [];
  const num = params.num || 1;
  return { lines: lines.slice(0, num), num };
}
