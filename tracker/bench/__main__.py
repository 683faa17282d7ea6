import sys

from tracker.bench.cli import main

sys.exit(main())
