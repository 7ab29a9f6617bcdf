// The alarms feed actions are run by Brisk's worker itself (see
// packages/core/src/feeds/alarm-feed.ts): they schedule alarms, which no
// container can reach. Should this code ever run, it says so.
function main() {
  return { error: 'The alarms feed runs inside Brisk; this container code is never used.' };
}
