# The test image's prepare step: fails when the source asks it to, else
# leaves a file the action reads (so a test sees it ran, in the action's folder).
if grep -q 'FAIL THE PREPARE STEP' main.py 2>/dev/null; then
  echo "main.py:1: the prepare step was told to fail" >&2
  exit 3
fi
echo "prepared for $BRISK_ACTION_MAIN" > prepared.txt
