// Nests every parameter but `$fieldName` under the property it names.
function main(params) {
  const { $fieldName: field, ...rest } = params;
  if (typeof field !== 'string' || field === '') {
    return { error: 'smash needs $fieldName, the property to nest the parameters under.' };
  }
  return { [field]: rest };
}
