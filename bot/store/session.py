from sqlmodel import Session as Session
