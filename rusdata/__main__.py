import sys

from rusdata.cli import main

sys.exit(main())
