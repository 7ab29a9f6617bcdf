// How many words `payload` has, counting runs of spaces as one break.
function main(params) {
  const text = String(params.payload ?? '').trim();
  const count = text === '' ? 0 : text.split(/\s+/).length;
  console.log(`"${text}" has ${count} words`);
  return { count };
}
