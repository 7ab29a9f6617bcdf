// Says hello to `payload` in its log.
function main(params) {
  console.log(`hello, ${params.payload ?? 'world'}!`);
  return {};
}
