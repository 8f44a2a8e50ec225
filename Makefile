.PHONY: run test bench lint fetch
run:
	./dev run
test:
	./dev test
bench:
	./dev bench
lint:
	./dev lint
fetch:
	./dev fetch
