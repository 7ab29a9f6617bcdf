// The current date and time, in ISO 8601.
function main() {
  return { date: new Date().toISOString() };
}
