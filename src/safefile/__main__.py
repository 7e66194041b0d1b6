from safefile.cli.main import main

raise SystemExit(main())
