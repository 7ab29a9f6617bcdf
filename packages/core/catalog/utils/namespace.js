// The namespace this activation runs for: the invoker's.
function main() {
  return { namespace: process.env.__OW_NAMESPACE };
}
