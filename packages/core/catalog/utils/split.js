// Splits `payload` at `separator` (a string; line breaks when not given).
function main(params) {
  if (params.payload === undefined || params.payload === null) {
    return { error: 'split needs a payload, the string to split.' };
  }
  const separator = typeof params.separator === 'string' && params.separator !== '' ? params.separator : /\r?\n/;
  return { lines: String(params.payload).split(separator), payload: params.payload };
}
