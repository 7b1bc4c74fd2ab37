from kallelse_tui.cli import main

raise SystemExit(main())
