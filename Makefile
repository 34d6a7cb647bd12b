.PHONY: demo test lint messages

demo:
	bin/demo

test:
	bin/test

lint:
	.venv/bin/ruff check .

# Source strings are Chinese; English lives in casebook/locale/en.
messages:
	cd casebook && CASEBOOK_DATA_DIR=../var ../.venv/bin/casebook makemessages -l en --no-obsolete --ignore 'static/*'
	cd casebook && CASEBOOK_DATA_DIR=../var ../.venv/bin/casebook compilemessages -l en
