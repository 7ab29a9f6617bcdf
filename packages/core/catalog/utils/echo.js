// Answers with exactly what it was given.
function main(params) {
  return params;
}
