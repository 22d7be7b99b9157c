from cnlint.cli import main

raise SystemExit(main())
