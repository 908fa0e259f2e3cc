n_embd = 1000
max_iters = 20000
device = "cuda:0"
wandb_run_name = "example"
