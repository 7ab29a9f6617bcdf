// A greeting for `name` (or `payload`) from `place`.
function main(params) {
  const name = params.name || params.payload || 'stranger';
  const place = params.place || 'somewhere';
  return { payload: `Hello, ${name} from ${place}!` };
}
